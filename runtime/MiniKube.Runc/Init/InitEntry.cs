using System.Globalization;

namespace MiniKube.Runc.Init;

/// <summary>
/// `minirunc init`: the second stage of the two-stage start. The parent (create, run or exec) spawned this same
/// binary inside the container's namespaces with one end of a <see cref="SyncSocket"/>; this reads the
/// <see cref="InitConfig"/> from it and becomes the container (<see cref="StandardInit"/>) or a process joining one
/// (<see cref="SetnsInit"/>). It is never run by hand.
/// </summary>
internal static class InitEntry
{
    public static int Run()
    {
        var fdText = Environment.GetEnvironmentVariable(SyncSocket.FdVariable);
        if (fdText is null || !int.TryParse(fdText, CultureInfo.InvariantCulture, out var fd))
        {
            Console.Error.WriteLine("minirunc init is started by minirunc create, run and exec; it is not meant to be run directly");
            return 2;
        }

        using var sync = new SyncSocket(fd);
        try
        {
            var config = sync.Receive(MiniruncJsonContext.Default.InitConfig)
                         ?? throw new InvalidOperationException("the parent closed the sync socket before sending the config");
            void Warn(string message) => sync.Send(new InitMessage("log", message, "warning"), MiniruncJsonContext.Default.InitMessage);
            if (config.Mode == "exec") SetnsInit.Run(config, sync, Warn);
            else StandardInit.Run(config, sync, Warn);
            return 0;   // not reached: both end in execve
        }
        catch (Exception ex)
        {
            try { sync.Send(new InitMessage("error", ex.Message), MiniruncJsonContext.Default.InitMessage); }
            catch (Exception) { Console.Error.WriteLine($"minirunc init: {ex.Message}"); }
            return 1;
        }
    }
}
