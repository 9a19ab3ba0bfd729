using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace MiniKube.ApiServer.Storage.Sqlite;

/// <summary>
/// The API server's storage in one SQLite file, for machines without etcd. It behaves like etcd v3 (one store-wide
/// revision, compare-and-swap writes, lists at an old revision, watches from a revision, compaction) by keeping etcd's
/// history itself: an append-only log table with one row per revision, the same idea as k3s's kine.
/// Concept: https://kubernetes.io/docs/concepts/overview/components/#etcd
/// </summary>
/// <remarks>
/// Upstream difference: kube-apiserver only speaks to etcd; k3s uses kine to put SQLite behind an etcd-compatible API.
/// Only this process may open the file: writes are serialized by an in-process lock and watchers are woken in-process.
/// </remarks>
public sealed class SqliteStorage : IStorage
{
    // The whole schema. `log` is etcd's MVCC history: the current value of a key is its newest row (unless that row
    // is a delete), and the value "as of revision R" is its newest row with revision <= R. `meta` holds two counters.
    private const string Schema = """
        PRAGMA journal_mode = WAL; -- readers (lists, watches) never wait for the writer, and the writer never waits for them
        CREATE TABLE IF NOT EXISTS log (
            revision        INTEGER PRIMARY KEY, -- the store's revision of this write, like etcd's mod_revision
            key             TEXT    NOT NULL,
            deleted         INTEGER NOT NULL,    -- 1 when this write deleted the key (a "tombstone" row)
            create_revision INTEGER NOT NULL,    -- revision of the write that created the key
            value           BLOB,                -- the value written; NULL for a delete
            prev_value      BLOB                 -- the value this write replaced (etcd's prev_kv); NULL for a create
        );
        CREATE INDEX IF NOT EXISTS log_key_revision ON log (key, revision);
        CREATE TABLE IF NOT EXISTS meta (
            name  TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        -- Like etcd, an empty store is at revision 1 and the first write gets revision 2. (0 means "now" to List and
        -- Watch, so a real revision must never be 0.)
        INSERT OR IGNORE INTO meta (name, value) VALUES ('current_revision', 1), ('compact_revision', 0);
        """;

    // The newest row of each key as of @revision, if it is not a delete, for keys in [@prefix, @prefixEnd) after
    // @startAfter: exactly the keys a list at @revision returns.
    private const string VisibleAtRevision = """
        FROM log
        WHERE key >= @prefix AND key < @prefixEnd AND (@startAfter IS NULL OR key > @startAfter)
          AND revision = (SELECT MAX(newer.revision) FROM log AS newer WHERE newer.key = log.key AND newer.revision <= @revision)
          AND deleted = 0
        """;

    // How many log rows a watcher reads at a time, so a watcher resuming far behind does not load all history at once.
    private const int WatchBatchSize = 500;

    private readonly string _path;
    private readonly string _connectionString;
    // One writer at a time: every compare-and-swap reads, checks and writes inside one transaction while holding it,
    // so two writers can never both see the same revision and both succeed.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    // Completed (and replaced by a fresh one) after every commit: a broadcast "something changed" that wakes watchers.
    private TaskCompletionSource _changed = NewSignal();
    private volatile bool _disposed;

    /// <summary>Opens (or creates) the store at <paramref name="path"/>, e.g. <c>&lt;data-dir&gt;/minikube.db</c>.</summary>
    public SqliteStorage(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true, // each call opens a connection; the pool makes that cheap
        }.ToString();

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    // Microsoft.Data.Sqlite's async methods run synchronously anyway (SQLite has no async I/O), so we call the
    // synchronous ones; only waiting for the write lock or for a change is really asynchronous.

    public Task<StoredValue?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = Open();
        var row = ReadNewestRow(connection, null, key);
        return Task.FromResult(row is { Deleted: false } ? row.ToStoredValue() : null);
    }

    public Task<ListResult> ListAsync(string prefix, long atRevision, string? startAfterKey, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(atRevision);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ObjectDisposedException.ThrowIf(_disposed, this);

        using var connection = Open();
        // A read transaction: the counters, the page and the count below all come from one snapshot of the file.
        using var transaction = connection.BeginTransaction(deferred: true);
        var current = ReadMeta(connection, transaction, "current_revision");
        var compacted = ReadMeta(connection, transaction, "compact_revision");
        if (atRevision > current)
        {
            throw new ArgumentOutOfRangeException(nameof(atRevision), atRevision,
                $"cannot list {prefix} at revision {atRevision}: the store is only at revision {current}");
        }
        if (atRevision != 0 && atRevision < compacted) throw new RevisionCompactedException(atRevision, compacted);
        var revision = atRevision == 0 ? current : atRevision;

        var items = new List<StoredValue>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT key, value, create_revision, revision {VisibleAtRevision} ORDER BY key LIMIT @limit";
            AddListParameters(command, prefix, startAfterKey, revision);
            command.Parameters.AddWithValue("@limit", limit == 0 ? -1 : limit); // LIMIT -1 = no limit
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(new StoredValue(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        long total;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT COUNT(*) {VisibleAtRevision}";
            AddListParameters(command, prefix, startAfterKey, revision);
            total = (long)command.ExecuteScalar()!;
        }

        var remaining = total - items.Count;
        return Task.FromResult(new ListResult(items, revision, remaining > 0, remaining));
    }

    public async Task<long> CreateAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var connection = Open();
            using var transaction = connection.BeginTransaction(); // BEGIN IMMEDIATE: takes SQLite's write lock now

            // "if mod_revision(key) == 0 then put": the key must be absent (never written, or deleted last).
            var current = ReadNewestRow(connection, transaction, key);
            if (current is { Deleted: false }) throw new KeyExistsException(key);

            var revision = ReadMeta(connection, transaction, "current_revision") + 1;
            AppendRow(connection, transaction, new LogRow(revision, key, Deleted: false, CreateRevision: revision, value, PrevValue: null));
            transaction.Commit();
            NotifyWatchers();
            return revision;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<long> UpdateAsync(string key, byte[] value, long expectedRevision, CancellationToken cancellationToken)
    {
        RequireRevision(expectedRevision, key);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var connection = Open();
            using var transaction = connection.BeginTransaction();

            // "if mod_revision(key) == expected then put, else get": the check and the write share one transaction
            // under the write lock, so nobody can write the key in between.
            var current = ReadNewestRow(connection, transaction, key);
            if (current is null or { Deleted: true }) throw new KeyNotFoundException($"key {key} not found");
            if (current.Revision != expectedRevision) throw new RevisionConflictException(key, current.ToStoredValue());

            var revision = ReadMeta(connection, transaction, "current_revision") + 1;
            AppendRow(connection, transaction, new LogRow(revision, key, Deleted: false, current.CreateRevision, value, PrevValue: current.Value));
            transaction.Commit();
            NotifyWatchers();
            return revision;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<long> DeleteAsync(string key, long expectedRevision, CancellationToken cancellationToken)
    {
        RequireRevision(expectedRevision, key);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var connection = Open();
            using var transaction = connection.BeginTransaction();

            var current = ReadNewestRow(connection, transaction, key);
            if (current is null or { Deleted: true }) throw new KeyNotFoundException($"key {key} not found");
            if (current.Revision != expectedRevision) throw new RevisionConflictException(key, current.ToStoredValue());

            // A delete appends a tombstone row rather than removing rows: lists at older revisions and watchers
            // still need the history, and the tombstone itself is the "deleted" event a watcher receives.
            var revision = ReadMeta(connection, transaction, "current_revision") + 1;
            AppendRow(connection, transaction, new LogRow(revision, key, Deleted: true, current.CreateRevision, Value: null, PrevValue: current.Value));
            transaction.Commit();
            NotifyWatchers();
            return revision;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);

        // The watcher's position in the log: everything up to here was delivered (or was not under the prefix).
        // Because it is just a revision, a watcher resuming after a restart simply reads the backlog from the table.
        var lastSeen = afterRevision == 0 ? await CurrentRevisionAsync(cancellationToken) : afterRevision;
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Take the signal BEFORE reading: a write that commits after our read completes this very signal, so we
            // cannot miss it and sleep through a change.
            var changed = Volatile.Read(ref _changed).Task;

            var (events, readUpTo) = ReadEventsAfter(prefix, lastSeen);
            foreach (var change in events) yield return change;
            lastSeen = readUpTo;

            if (events.Count == 0) await changed.WaitAsync(cancellationToken);
        }
    }

    public Task<long> CurrentRevisionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = Open();
        return Task.FromResult(ReadMeta(connection, null, "current_revision"));
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revision);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            var current = ReadMeta(connection, transaction, "current_revision");
            if (revision > current) throw new ArgumentOutOfRangeException(nameof(revision), revision, $"cannot compact beyond the current revision {current}");
            if (revision <= ReadMeta(connection, transaction, "compact_revision")) return; // already compacted that far

            // Like etcd's compaction: forget every row older than `revision` that a newer row (at or before `revision`)
            // replaced, and deletes older than `revision` (the key is gone as of `revision`). Rows from `revision` on,
            // and the newest row of every key as of `revision`, stay, so lists at `revision` or later still work.
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    DELETE FROM log
                    WHERE revision < @revision
                      AND (deleted = 1
                           OR EXISTS (SELECT 1 FROM log AS newer
                                      WHERE newer.key = log.key AND newer.revision > log.revision AND newer.revision <= @revision))
                    """;
                command.Parameters.AddWithValue("@revision", revision);
                command.ExecuteNonQuery();
            }
            WriteMeta(connection, transaction, "compact_revision", revision);
            transaction.Commit();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<(bool Healthy, string Message)> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var connection = Open();
            ReadMeta(connection, null, "current_revision");
            return Task.FromResult((true, "ok"));
        }
        catch (SqliteException ex)
        {
            return Task.FromResult((false, $"cannot read the SQLite store {_path}: {ex.Message}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Wait for a write in progress, then refuse new ones and wake the watchers so they end.
        await _writeLock.WaitAsync();
        _disposed = true;
        _writeLock.Release();
        NotifyWatchers();
        // Pooled connections keep the file open; close them so the file can be reopened, moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Reads up to one batch of changes under <paramref name="prefix"/> after <paramref name="lastSeen"/>,
    /// and how far the watcher may move on.</summary>
    private (List<WatchEvent> Events, long ReadUpTo) ReadEventsAfter(string prefix, long lastSeen)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        // A watcher that starts before, or falls behind, the compacted revision would silently miss the rows that
        // compaction removed. etcd cancels such a watcher with "compacted"; so do we (the API answers 410 Gone).
        var compacted = ReadMeta(connection, transaction, "compact_revision");
        if (lastSeen + 1 < compacted) throw new RevisionCompactedException(lastSeen, compacted);
        var current = ReadMeta(connection, transaction, "current_revision");

        var events = new List<WatchEvent>();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT revision, key, deleted, value, prev_value FROM log
            WHERE revision > @lastSeen AND revision <= @current AND key >= @prefix AND key < @prefixEnd
            ORDER BY revision
            LIMIT @batch
            """;
        command.Parameters.AddWithValue("@lastSeen", lastSeen);
        command.Parameters.AddWithValue("@current", current);
        command.Parameters.AddWithValue("@prefix", prefix);
        command.Parameters.AddWithValue("@prefixEnd", PrefixEnd(prefix));
        command.Parameters.AddWithValue("@batch", WatchBatchSize);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var deleted = reader.GetInt64(2) == 1;
                events.Add(new WatchEvent(deleted ? WatchEventType.Delete : WatchEventType.Put, reader.GetString(1),
                    BlobOrNull(reader, 3), BlobOrNull(reader, 4), reader.GetInt64(0)));
            }
        }
        // A full batch may have more behind it: continue from its last event. Otherwise everything up to `current`
        // has been looked at, including rows under other prefixes, so the next read can start there.
        var readUpTo = events.Count == WatchBatchSize ? events[^1].Revision : current;
        return (events, readUpTo);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void NotifyWatchers() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    // RunContinuationsAsynchronously: the writer only flips the signal; the watchers' code runs on other threads.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void RequireRevision(long expectedRevision, string key)
    {
        // Same rule as the etcd backend: a write must say which revision it read.
        if (expectedRevision <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedRevision), expectedRevision,
                $"a write to {key} needs the revision that was read (a positive number)");
        }
    }

    /// <summary>
    /// The smallest string greater than every key that starts with <paramref name="prefix"/> (the prefix with its last
    /// character incremented), so "key starts with prefix" becomes the indexable range [prefix, PrefixEnd) as in etcd.
    /// SQLite compares TEXT byte by byte in UTF-8, which orders keys exactly as etcd does.
    /// </summary>
    private static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static void AddListParameters(SqliteCommand command, string prefix, string? startAfterKey, long revision)
    {
        command.Parameters.AddWithValue("@prefix", prefix);
        command.Parameters.AddWithValue("@prefixEnd", PrefixEnd(prefix));
        command.Parameters.AddWithValue("@startAfter", (object?)startAfterKey ?? DBNull.Value);
        command.Parameters.AddWithValue("@revision", revision);
    }

    private static LogRow? ReadNewestRow(SqliteConnection connection, SqliteTransaction? transaction, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT revision, deleted, create_revision, value, prev_value FROM log
            WHERE key = @key ORDER BY revision DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("@key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new LogRow(reader.GetInt64(0), key, reader.GetInt64(1) == 1, reader.GetInt64(2), BlobOrNull(reader, 3), BlobOrNull(reader, 4));
    }

    private static void AppendRow(SqliteConnection connection, SqliteTransaction transaction, LogRow row)
    {
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO log (revision, key, deleted, create_revision, value, prev_value)
                VALUES (@revision, @key, @deleted, @createRevision, @value, @prevValue)
                """;
            command.Parameters.AddWithValue("@revision", row.Revision);
            command.Parameters.AddWithValue("@key", row.Key);
            command.Parameters.AddWithValue("@deleted", row.Deleted ? 1 : 0);
            command.Parameters.AddWithValue("@createRevision", row.CreateRevision);
            command.Parameters.AddWithValue("@value", (object?)row.Value ?? DBNull.Value);
            command.Parameters.AddWithValue("@prevValue", (object?)row.PrevValue ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
        // Every write moves the store's single revision counter, whatever key it touched: that is what makes
        // "the revision" a point in time for the whole store.
        WriteMeta(connection, transaction, "current_revision", row.Revision);
    }

    private static long ReadMeta(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE name = @name";
        command.Parameters.AddWithValue("@name", name);
        return (long)command.ExecuteScalar()!;
    }

    private static void WriteMeta(SqliteConnection connection, SqliteTransaction transaction, string name, long value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE meta SET value = @value WHERE name = @name";
        command.Parameters.AddWithValue("@name", name);
        command.Parameters.AddWithValue("@value", value);
        command.ExecuteNonQuery();
    }

    private static byte[]? BlobOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

    /// <summary>One row of the log table: one write.</summary>
    private sealed record LogRow(long Revision, string Key, bool Deleted, long CreateRevision, byte[]? Value, byte[]? PrevValue)
    {
        public StoredValue ToStoredValue() => new(Key, Value!, CreateRevision, Revision);
    }
}
