using Xunit;

// Every test uses the same three hosts on 10.213.0.0/24 (compiled into the gateway app): one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
