using Xunit;

// Container tests measure CPU time and count processes; running them one at a time keeps those numbers honest on a
// two-core machine, and keeps the logs of one test together.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
