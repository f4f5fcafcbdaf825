using Xunit;

// Packing and real builds: on a small machine they go faster one at a time than all at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
