namespace MiniKube.Runc.Lifecycle;

/// <summary>Decodes a waitpid(2) status the way a shell reports it: the exit code, or 128 + the signal number.</summary>
internal static class ExitStatus
{
    public static int ToExitCode(int status) => (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);

    public static string Describe(int status) =>
        (status & 0x7f) == 0 ? $"exit code {(status >> 8) & 0xff}" : $"killed by signal {status & 0x7f}";
}
