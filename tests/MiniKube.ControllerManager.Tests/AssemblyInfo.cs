using Xunit;

// Each test class runs real API server and component processes and waits on leases and heartbeats; one class at a
// time keeps a two-core machine from starving those timers, and keeps one test's logs together.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
