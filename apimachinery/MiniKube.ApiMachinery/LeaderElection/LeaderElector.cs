using k8s.Models;

namespace MiniKube.ApiMachinery.LeaderElection;

/// <summary>
/// Makes sure only one replica of a component (controller manager, scheduler) acts at a time, like client-go's
/// <c>leaderelection.LeaderElector</c>. Every candidate tries to write its name into a Lease; the one that
/// succeeds leads and renews the Lease every RetryPeriod. The others keep watching it: only when they have seen no
/// renewal for LeaseDuration (by their own clock, so clock skew between machines does not matter) do they take
/// over. A leader that cannot renew within RenewDeadline stops leading by itself, before others may take over.
/// Concept: https://kubernetes.io/docs/concepts/architecture/leases/#leader-election
/// </summary>
public sealed class LeaderElector(LeaderElectionConfig config, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private V1LeaseSpec? _observedRecord;
    private DateTimeOffset _observedTime;
    private string? _reportedLeader;

    /// <summary>True while we hold the Lease.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>The holder we last saw in the Lease.</summary>
    public string? Leader => _observedRecord?.HolderIdentity;

    /// <summary>
    /// Campaigns until elected, runs OnStartedLeading, renews until the token is cancelled or the lease is lost,
    /// then calls OnStoppedLeading. Returns when leadership ends (or when cancelled before it began).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await AcquireAsync(cancellationToken)) return;
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = config.OnStartedLeading is { } start ? Task.Run(() => start(leading.Token), CancellationToken.None) : Task.CompletedTask;
        try
        {
            await RenewAsync(cancellationToken);
        }
        finally
        {
            // Stop the work before releasing, so there is never a moment with two leaders acting.
            IsLeader = false;
            await leading.CancelAsync();
            try { await work; } catch (OperationCanceledException) { }
            if (config.ReleaseOnCancel) await ReleaseAsync();
            config.OnStoppedLeading?.Invoke();
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken)) return true;
            // Jitter (client-go's JitterFactor 1.2) so that candidates do not all retry at the same instant.
            if (!await DelayAsync(config.RetryPeriod * (1 + Random.Shared.NextDouble() * 1.2), cancellationToken)) return false;
        }
        return false;
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var deadline = _time.GetUtcNow() + config.RenewDeadline;
            var renewed = false;
            while (!renewed && _time.GetUtcNow() < deadline)
            {
                renewed = await TryAcquireOrRenewAsync(cancellationToken);
                if (!renewed && !await DelayAsync(config.RetryPeriod, cancellationToken)) return;
            }
            if (!renewed) return;   // lost: someone else may take over once our lease expires
            if (!await DelayAsync(config.RetryPeriod, cancellationToken)) return;
        }
    }

    // One attempt: create the Lease, renew ours, or take over an expired one. False when someone else validly
    // holds it or when we lost a race (409 Conflict) or the server is unreachable.
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var leaseLock = config.Lock;
        try
        {
            var lease = await leaseLock.GetAsync(cancellationToken);
            if (lease is null)
            {
                var created = await leaseLock.CreateAsync(NewRecord(now, acquireTime: now.UtcDateTime, transitions: 0), cancellationToken);
                Observe(created.Spec, now);
                return IsLeader = true;
            }
            var record = lease.Spec ?? new V1LeaseSpec();
            if (!SameRecord(record, _observedRecord)) Observe(record, now);
            var heldByOther = !string.IsNullOrEmpty(record.HolderIdentity) && record.HolderIdentity != leaseLock.Identity;
            if (heldByOther && _observedTime + config.LeaseDuration > now) return IsLeader = false;

            var ours = record.HolderIdentity == leaseLock.Identity;
            var spec = NewRecord(now,
                acquireTime: ours ? record.AcquireTime : now.UtcDateTime,
                transitions: ours ? record.LeaseTransitions ?? 0 : (record.LeaseTransitions ?? 0) + 1);
            var updated = await leaseLock.UpdateAsync(lease, spec, cancellationToken);
            Observe(updated.Spec, now);
            return IsLeader = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or IOException or TaskCanceledException)
        {
            // 409: another candidate wrote first. Network errors: try again next period.
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(config.RenewDeadline);
            var lease = await config.Lock.GetAsync(timeout.Token);
            if (lease?.Spec?.HolderIdentity != config.Lock.Identity) return;
            var now = _time.GetUtcNow().UtcDateTime;
            // As client-go: an empty holder with a 1 s duration, so the next candidate can take over at once.
            await config.Lock.UpdateAsync(lease, new V1LeaseSpec
            {
                HolderIdentity = "",
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = lease.Spec.LeaseTransitions,
            }, timeout.Token);
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            // Best effort: if this fails, the others take over when the lease expires.
        }
    }

    private V1LeaseSpec NewRecord(DateTimeOffset now, DateTime? acquireTime, int transitions) => new()
    {
        HolderIdentity = config.Lock.Identity,
        LeaseDurationSeconds = (int)Math.Ceiling(config.LeaseDuration.TotalSeconds),
        AcquireTime = acquireTime,
        RenewTime = now.UtcDateTime,    // a MicroTime: the API keeps microseconds
        LeaseTransitions = transitions,
    };

    private void Observe(V1LeaseSpec record, DateTimeOffset now)
    {
        _observedRecord = record;
        _observedTime = now;
        if (record.HolderIdentity is { Length: > 0 } holder && holder != _reportedLeader)
        {
            _reportedLeader = holder;
            config.OnNewLeader?.Invoke(holder);
        }
    }

    private static bool SameRecord(V1LeaseSpec a, V1LeaseSpec? b) =>
        b is not null && a.HolderIdentity == b.HolderIdentity && a.RenewTime == b.RenewTime && a.AcquireTime == b.AcquireTime
        && a.LeaseTransitions == b.LeaseTransitions && a.LeaseDurationSeconds == b.LeaseDurationSeconds;

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
