using System.Runtime.InteropServices;
using System.Text;

namespace MiniKube.Runc.Interop;

/// <summary>
/// A C <c>char *argv[]</c>: NUL-terminated UTF-8 strings followed by a NULL pointer, in unmanaged memory, as execve(2)
/// and posix_spawn(3) want for argv and envp.
/// </summary>
/// <remarks>
/// Built before the moment it is needed so that the code between unshare(2) and posix_spawn(3), or just before
/// execve(2), allocates nothing (see Namespaces/NamespaceSpawner.cs for why that matters).
/// </remarks>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private readonly byte** _array;
    private readonly int _count;

    public NativeStringArray(IReadOnlyList<string> strings)
    {
        _count = strings.Count;
        _array = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < _count; i++) _array[i] = Utf8(strings[i]);
    }

    public byte** Pointer => _array;

    /// <summary>One NUL-terminated UTF-8 copy of <paramref name="value"/>; free it with NativeMemory.Free.</summary>
    public static byte* Utf8(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var p = (byte*)NativeMemory.AllocZeroed((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
        return p;
    }

    public void Dispose()
    {
        for (var i = 0; i < _count; i++) NativeMemory.Free(_array[i]);
        NativeMemory.Free(_array);
    }
}
