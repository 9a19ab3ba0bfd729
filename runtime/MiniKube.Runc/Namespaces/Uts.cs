using System.Text;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Namespaces;

/// <summary>
/// The UTS namespace: the container's own hostname and NIS domain name (the names uname(2) reports). Kubernetes sets
/// a pod's hostname to the pod name this way.
/// Concept: https://man7.org/linux/man-pages/man7/uts_namespaces.7.html
/// </summary>
internal static class Uts
{
    public static void SetHostname(string hostname) =>
        Libc.Check(Libc.sethostname(hostname, (nuint)Encoding.UTF8.GetByteCount(hostname)), $"sethostname {hostname}");

    public static void SetDomainname(string domainname) =>
        Libc.Check(Libc.setdomainname(domainname, (nuint)Encoding.UTF8.GetByteCount(domainname)), $"setdomainname {domainname}");
}
