using System.CommandLine;

namespace MiniKube.Cli.Commands;

/// <summary>
/// Runs a command's action with a <see cref="CliContext"/> and applies kubectl's exit-code rule: 0 on success, 1 on
/// any error, printed once by <see cref="ErrorPrinter"/>.
/// </summary>
public static class CommandRunner
{
    public static void SetAction(Command command, GlobalOptions globals, Func<CliContext, ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var context = CliContext.Create(parse, globals);
                return await action(context, parse, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 130; // interrupted with Ctrl+C, like any Unix command stopped by SIGINT
            }
            catch (Exception ex)
            {
                await Console.Error.WriteAsync(ErrorPrinter.Format(ex, parse.GetValue(globals.Verbosity)));
                return 1;
            }
        });
    }
}
