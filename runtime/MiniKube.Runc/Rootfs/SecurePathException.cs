namespace MiniKube.Runc.Rootfs;

/// <summary>A path in config.json that would lead outside the container's rootfs.</summary>
internal sealed class SecurePathException(string message) : Exception(message);
