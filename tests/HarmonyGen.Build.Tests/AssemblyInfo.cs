using Xunit;

// Every test runs real `dotnet build`s; on a small machine they go faster one at a time than all at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
