using System.Diagnostics;
using System.Globalization;
using MiniKube.Shim;
using MiniKube.Shim.Interop;
using MiniKube.Shim.Logging;
using Microsoft.Win32.SafeHandles;

// minikube-runtime-shim: one per running container, like containerd-shim-runc-v2. See runtime/README.md ("The shim").
// It owns what must outlive a restart of minikube-runtime: the container's stdio pipes, the CRI log, and init's exit
// status. It tells the runtime init's pid on stdout ("ok <pid>" or "error <why>"), then lets go of the runtime.

ShimOptions options;
try { options = ShimOptions.Parse(args); }
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"minikube-runtime-shim: {ex.Message}");
    return 2;
}

// Our own session: the runtime's process group, terminal and its death do not reach us.
Libc.NewSession();
// init is orphaned when `create` exits; as subreaper we inherit it, and only its parent can read its exit status.
Libc.BecomeSubreaper();
// The control socket's path is relative to the bundle: a full path under --state can exceed sun_path's 108 bytes.
Directory.SetCurrentDirectory(options.Bundle);

var pidFile = Path.Join(options.Bundle, "init.pid");
var exitFile = Path.Join(options.Bundle, ExitFile.Name);
// An exit file from an earlier start of this container (one undone by a recovery) is not ours to report.
File.Delete(exitFile);
var info = new ProcessStartInfo(options.Runtime)
{
    RedirectStandardInput = true,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    UseShellExecute = false,
};
// With a terminal, the runtime sends the pty's master to our console socket (relative, like shim.sock, for sun_path).
const string consoleSocket = "console.sock";
foreach (var arg in (string[])["--root", options.Root, "--log", Path.Join(options.Bundle, "runtime.log"), "--log-format", "json",
             "create", "--bundle", options.Bundle, "--pid-file", pidFile, .. options.Tty ? ["--console-socket", consoleSocket] : Array.Empty<string>(), options.Id])
    info.ArgumentList.Add(arg);
using var console = options.Tty ? Terminal.Listen(consoleSocket) : null;
using var noTerminal = new CancellationTokenSource();
var receiving = console is null ? null : Terminal.ReceiveMasterAsync(console, noTerminal.Token);

int initPid;
CriLogWriter log;
ControlServer control;
// `create`'s stdio pipes are inherited by init: they are the container's stdin, stdout and stderr, and we own them.
// (Process does not close its redirected streams when disposed, but we keep it anyway: the streams are ours till we exit.)
var create = Process.Start(info)!;
if (!options.Tty)
{
    // Without stdin the container reads EOF at once (containerd gives it no stdin at all: /dev/null semantics).
    Stream? stdin = options.Stdin ? create.StandardInput.BaseStream : null;
    if (stdin is null) create.StandardInput.Close();
    var attached = new AttachClients(stdin, options.StdinOnce);
    log = new CriLogWriter(options.LogPath, create.StandardOutput.BaseStream, create.StandardError.BaseStream, attached.Broadcast);
    await create.WaitForExitAsync();
    if (create.ExitCode != 0) return CreateFailed(create.ExitCode);
    control = ControlServer.Start(ControlServer.SocketName, log, attached, resize: null);
}
else
{
    // The pty is the container's stdio: `create`'s own pipes carry nothing of the container's.
    create.StandardInput.Close();
    _ = create.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
    _ = create.StandardError.BaseStream.CopyToAsync(Stream.Null);
    await create.WaitForExitAsync();
    if (create.ExitCode != 0) return CreateFailed(create.ExitCode);
    noTerminal.CancelAfter(TimeSpan.FromSeconds(10));
    var master = await receiving!;
    File.Delete(consoleSocket);
    // One stream reads the terminal (output: a terminal merges stdout and stderr, logged as stdout, as containerd does),
    // another writes it (the attached clients' input); only the reading one owns the descriptor.
    var output = new FileStream(master, FileAccess.Read, bufferSize: 0);
    var input = options.Stdin ? new FileStream(new SafeFileHandle(master.DangerousGetHandle(), ownsHandle: false), FileAccess.Write, bufferSize: 0) : null;
    // Upstream difference: stdin_once is not applied to a terminal (closing our end would hang up the container's).
    var attached = new AttachClients(input, stdinOnce: false);
    log = new CriLogWriter(options.LogPath, output, Stream.Null, attached.Broadcast);
    control = ControlServer.Start(ControlServer.SocketName, log, attached, resize: (columns, rows) => Terminal.Resize(master, columns, rows));
}
initPid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
try
{
    Console.Out.WriteLine($"ok {initPid.ToString(CultureInfo.InvariantCulture)}");
    Console.Out.Flush();
}
catch (IOException)
{
    // The runtime died before it read the answer: its recovery will find the container created and delete it, and
    // then we report that exit like any other.
}
Libc.DetachStdio();

// waitpid blocks: on a thread of its own, so the log copies and the control socket go on meanwhile.
var code = await Task.Factory.StartNew(() => Libc.WaitFor(initPid), TaskCreationOptions.LongRunning);
var finishedAt = DateTimeOffset.UtcNow;
// init was PID 1 of its namespace: the kernel kills the rest with it, and the pipes close when the last holder is gone.
await Task.WhenAny(log.Completion, Task.Delay(TimeSpan.FromSeconds(2)));
await control.DisposeAsync();
if (code is { } exitCode) ExitFile.Write(exitFile, exitCode, finishedAt);
return 0;

// The runtime reads why from runtime.log (runc's JSON lines); the half-made init, if any, goes with `delete`.
int CreateFailed(int status)
{
    Console.Out.WriteLine($"error {options.Runtime} create exited with status {status}");
    return 1;
}
