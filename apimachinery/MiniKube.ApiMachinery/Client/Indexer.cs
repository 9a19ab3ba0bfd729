using k8s;
using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// An informer's local cache, like client-go's <c>cache.Indexer</c>: objects by <c>namespace/name</c> key, plus named
/// indexes so a controller can ask "all pods on node-1" or "all pods this ReplicaSet controls" without scanning
/// every object or asking the API server. Each index function maps an object to zero or more index values.
/// Thread-safe: the informer writes while controller workers read. Never modify an object you get from it — it is
/// shared with every other reader; copy it first.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
/// </summary>
public sealed class Indexer<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = [];
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexFuncs;
    // index name → index value → keys of the objects with that value.
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indices = [];

    public Indexer(IReadOnlyDictionary<string, Func<T, IEnumerable<string>>> indexers)
    {
        _indexFuncs = new(indexers);
        foreach (var name in _indexFuncs.Keys) _indices[name] = [];
    }

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }

    public IReadOnlyCollection<string> IndexNames => _indexFuncs.Keys;

    /// <summary>Adds an index; existing objects are indexed at once.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> indexFunc)
    {
        lock (_lock)
        {
            if (!_indexFuncs.TryAdd(name, indexFunc)) throw new InvalidOperationException($"index {name} already exists");
            _indices[name] = [];
            foreach (var (key, obj) in _items) AddToIndex(name, indexFunc, key, obj);
        }
    }

    public T? GetByKey(string key)
    {
        lock (_lock) return _items.GetValueOrDefault(key);
    }

    public T? Get(string? ns, string name) => GetByKey(MetaNamespaceKey.For(ns, name));

    public IReadOnlyList<T> List()
    {
        lock (_lock) return [.. _items.Values];
    }

    public IReadOnlyList<string> ListKeys()
    {
        lock (_lock) return [.. _items.Keys];
    }

    /// <summary>The objects whose index function returned <paramref name="value"/>, e.g. ByIndex("node", "node-1").</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            if (!_indices.TryGetValue(indexName, out var index)) throw new ArgumentException($"index {indexName} does not exist", nameof(indexName));
            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    /// <summary>Adds or replaces the object under its key and returns what was there before.</summary>
    public T? AddOrUpdate(T obj)
    {
        var key = MetaNamespaceKey.For(obj);
        lock (_lock)
        {
            var old = RemoveLocked(key);
            _items[key] = obj;
            foreach (var (name, func) in _indexFuncs) AddToIndex(name, func, key, obj);
            return old;
        }
    }

    /// <summary>Removes the object with this key and returns it (null if it was not there).</summary>
    public T? Delete(string key)
    {
        lock (_lock) return RemoveLocked(key);
    }

    /// <summary>Swaps in a whole new set of objects (after a list) and returns the old contents by key.</summary>
    public Dictionary<string, T> Replace(IEnumerable<T> objects)
    {
        lock (_lock)
        {
            var old = new Dictionary<string, T>(_items);
            _items.Clear();
            foreach (var index in _indices.Values) index.Clear();
            foreach (var obj in objects)
            {
                var key = MetaNamespaceKey.For(obj);
                _items[key] = obj;
                foreach (var (name, func) in _indexFuncs) AddToIndex(name, func, key, obj);
            }
            return old;
        }
    }

    private T? RemoveLocked(string key)
    {
        if (!_items.Remove(key, out var old)) return null;
        foreach (var (name, func) in _indexFuncs)
        {
            var index = _indices[name];
            foreach (var value in func(old))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0) index.Remove(value);
            }
        }
        return old;
    }

    private void AddToIndex(string name, Func<T, IEnumerable<string>> func, string key, T obj)
    {
        var index = _indices[name];
        foreach (var value in func(obj))
        {
            if (!index.TryGetValue(value, out var keys)) index[value] = keys = [];
            keys.Add(key);
        }
    }
}
