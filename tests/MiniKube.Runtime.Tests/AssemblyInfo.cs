using Xunit;

// Each test starts registries and a runtime process; one at a time keeps a two-core machine responsive and logs readable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
