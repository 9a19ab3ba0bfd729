using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Rootfs;

/// <summary>
/// A mount's "options" list from config.json split the way mount(2) wants it: flags the kernel knows for every
/// filesystem ("ro", "nosuid" → MS_RDONLY, MS_NOSUID), propagation changes ("rprivate" → MS_PRIVATE|MS_REC, applied
/// by a separate mount call), and everything else ("mode=755", "size=65536k") passed to the filesystem as its data
/// string. This is the same split mount(8) does.
/// Concept: https://man7.org/linux/man-pages/man8/mount.8.html (FILESYSTEM-INDEPENDENT MOUNT OPTIONS)
/// </summary>
internal sealed record MountOptions(ulong Flags, ulong Propagation, string Data)
{
    // option → (flag, true if the option sets it, false if it clears it)
    private static readonly Dictionary<string, (ulong Flag, bool Set)> FlagOptions = new()
    {
        ["ro"] = (Libc.MS_RDONLY, true), ["rw"] = (Libc.MS_RDONLY, false),
        ["nosuid"] = (Libc.MS_NOSUID, true), ["suid"] = (Libc.MS_NOSUID, false),
        ["nodev"] = (Libc.MS_NODEV, true), ["dev"] = (Libc.MS_NODEV, false),
        ["noexec"] = (Libc.MS_NOEXEC, true), ["exec"] = (Libc.MS_NOEXEC, false),
        ["sync"] = (Libc.MS_SYNCHRONOUS, true), ["async"] = (Libc.MS_SYNCHRONOUS, false),
        ["dirsync"] = (Libc.MS_DIRSYNC, true),
        ["remount"] = (Libc.MS_REMOUNT, true),
        ["mand"] = (Libc.MS_MANDLOCK, true), ["nomand"] = (Libc.MS_MANDLOCK, false),
        ["noatime"] = (Libc.MS_NOATIME, true), ["atime"] = (Libc.MS_NOATIME, false),
        ["nodiratime"] = (Libc.MS_NODIRATIME, true), ["diratime"] = (Libc.MS_NODIRATIME, false),
        ["relatime"] = (Libc.MS_RELATIME, true), ["norelatime"] = (Libc.MS_RELATIME, false),
        ["strictatime"] = (Libc.MS_STRICTATIME, true), ["nostrictatime"] = (Libc.MS_STRICTATIME, false),
        ["lazytime"] = (Libc.MS_LAZYTIME, true), ["nolazytime"] = (Libc.MS_LAZYTIME, false),
        ["nosymfollow"] = (Libc.MS_NOSYMFOLLOW, true), ["symfollow"] = (Libc.MS_NOSYMFOLLOW, false),
        ["silent"] = (Libc.MS_SILENT, true), ["loud"] = (Libc.MS_SILENT, false),
        ["bind"] = (Libc.MS_BIND, true), ["rbind"] = (Libc.MS_BIND | Libc.MS_REC, true),
    };

    private static readonly Dictionary<string, ulong> PropagationOptions = new()
    {
        ["private"] = Libc.MS_PRIVATE, ["rprivate"] = Libc.MS_PRIVATE | Libc.MS_REC,
        ["shared"] = Libc.MS_SHARED, ["rshared"] = Libc.MS_SHARED | Libc.MS_REC,
        ["slave"] = Libc.MS_SLAVE, ["rslave"] = Libc.MS_SLAVE | Libc.MS_REC,
        ["unbindable"] = Libc.MS_UNBINDABLE, ["runbindable"] = Libc.MS_UNBINDABLE | Libc.MS_REC,
    };

    public bool IsBind => (Flags & Libc.MS_BIND) != 0;

    public static MountOptions Parse(IEnumerable<string>? options)
    {
        ulong flags = 0, propagation = 0;
        var data = new List<string>();
        foreach (var option in options ?? [])
        {
            if (FlagOptions.TryGetValue(option, out var f))
            {
                flags = f.Set ? flags | f.Flag : flags & ~f.Flag;
            }
            else if (PropagationOptions.TryGetValue(option, out var p))
            {
                propagation |= p;
            }
            // "tmpcopyup" (copy the image's files into a tmpfs) and "idmap" are runc extensions minirunc lacks.
            else if (option is not ("tmpcopyup" or "idmap" or "ridmap"))
            {
                data.Add(option);
            }
        }
        return new MountOptions(flags, propagation, string.Join(',', data));
    }

    /// <summary>The flag for a rootfsPropagation value ("rslave", "private", …), or null if it is not one.</summary>
    public static ulong? PropagationFlag(string value) => PropagationOptions.TryGetValue(value, out var p) ? p : null;
}
