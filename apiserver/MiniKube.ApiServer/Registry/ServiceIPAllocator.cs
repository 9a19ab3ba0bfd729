using System.Net;
using System.Net.Sockets;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiMachinery.Fields;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ApiServer.Pipeline;

namespace MiniKube.ApiServer.Registry;

/// <summary>
/// Hands out Service ClusterIPs from <c>--service-cluster-ip-range</c>: the virtual IP a Service keeps for its whole
/// life. The first address goes to the <c>kubernetes</c> Service, as upstream; a Service may ask for a specific free
/// address, "None" makes it headless, and ExternalName Services get none.
/// Concept: https://kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/
/// </summary>
public sealed class ServiceIPAllocator : IDisposable
{
    private readonly uint _network;
    private readonly uint _size;
    private readonly SemaphoreSlim _lock = new(1, 1);
    // Addresses handed out whose Service may not be stored yet; forgotten after a minute (a failed create frees them).
    private readonly Dictionary<string, DateTime> _pending = [];

    public ServiceIPAllocator(string cidr)
    {
        var (network, prefix) = ParseCidr(cidr) ?? throw new ArgumentException($"\"{cidr}\" is not an IPv4 CIDR such as 10.0.0.0/24", nameof(cidr));
        _network = network;
        _size = prefix >= 31 ? 0 : (1u << (32 - prefix)) - 2; // without the network and broadcast addresses
        Range = cidr;
    }

    public string Range { get; }

    /// <summary>The address of the <c>kubernetes</c> Service: the first in the range.</summary>
    public string First => ToAddress(_network + 1);

    /// <summary>Parses "10.0.0.0/24"; null when it is not an IPv4 CIDR with a prefix between 8 and 30.</summary>
    public static (uint Network, int Prefix)? ParseCidr(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], out var prefix) || prefix is < 8 or > 30)
        {
            return null;
        }
        var mask = uint.MaxValue << (32 - prefix);
        return (ToNumber(address) & mask, prefix);
    }

    /// <summary>Gives a new Service its ClusterIP (or checks the one it asked for). 422 when the range is full or the address taken.</summary>
    public async Task AllocateAsync(V1Service service, RegistryStore store, CancellationToken cancellationToken)
    {
        var spec = service.Spec ??= new V1ServiceSpec();
        if (spec.Type == "ExternalName") return;
        if (spec.ClusterIP == "None")
        {
            spec.ClusterIPs = ["None"];
            return;
        }
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var used = await UsedAsync(store, cancellationToken);
            string address;
            if (!string.IsNullOrEmpty(spec.ClusterIP))
            {
                address = spec.ClusterIP;
                if (!Contains(address)) throw Invalid(service, address, $"provided IP is not in the valid range. The range of valid IPs is {Range}");
                if (used.Contains(address)) throw Invalid(service, address, "provided IP is already allocated");
            }
            else
            {
                address = Enumerable.Range(1, (int)_size).Select(i => ToAddress(_network + (uint)i)).FirstOrDefault(a => !used.Contains(a))
                    ?? throw Invalid(service, "", $"range is full: no free address in {Range}");
            }
            _pending[address] = DateTime.UtcNow;
            spec.ClusterIP = address;
            spec.ClusterIPs = [address];
            spec.IpFamilies ??= ["IPv4"];
            spec.IpFamilyPolicy ??= "SingleStack";
            spec.InternalTrafficPolicy ??= "Cluster";
        }
        finally
        {
            _lock.Release();
        }
    }

    // Upstream difference: upstream keeps an allocation bitmap in etcd; we scan the Services (one API server only).
    private async Task<HashSet<string>> UsedAsync(RegistryStore store, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(Resources.Services.Definition, null, LabelSelector.Everything, FieldSelector.Everything, 0, null, cancellationToken);
        var used = page.Items.OfType<V1Service>().Select(s => s.Spec?.ClusterIP).OfType<string>().ToHashSet();
        foreach (var (address, since) in _pending.ToList())
        {
            if (used.Contains(address) || DateTime.UtcNow - since > TimeSpan.FromMinutes(1)) _pending.Remove(address);
            else used.Add(address);
        }
        return used;
    }

    private bool Contains(string address) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork
        && ToNumber(ip) > _network && ToNumber(ip) <= _network + _size;

    private static StatusException Invalid(V1Service service, string address, string detail) =>
        new(StatusErrors.Invalid("", "Service", service.Metadata?.Name ?? "", [FieldError.Invalid("spec.clusterIPs[0]", address, detail)]));

    public void Dispose() => _lock.Dispose();

    private static uint ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    private static string ToAddress(uint number) => new IPAddress([(byte)(number >> 24), (byte)(number >> 16), (byte)(number >> 8), (byte)number]).ToString();
}
