using System.CommandLine;
using MiniKube.Cli.Commands;
using MiniKube.Cli.Commands.Crictl;

// minictl: a kubectl-style client. It speaks to any Kubernetes API server over HTTPS with the credentials of a
// kubeconfig, learns the resource types through discovery, and lets the server format tables, merge applies
// and report errors, just as kubectl does. One file per command in Commands/.
var globals = new GlobalOptions();
var root = new RootCommand("minictl controls a Kubernetes cluster, like kubectl.");
globals.AddTo(root);
root.Subcommands.Add(GetCommand.Create(globals));
root.Subcommands.Add(DescribeCommand.Create(globals));
root.Subcommands.Add(ApplyCommand.Create(globals));
root.Subcommands.Add(CreateCommand.Create(globals));
root.Subcommands.Add(DeleteCommand.Create(globals));
// Below the API server: the node's container runtime, through the CRI (crictl's commands) and its image import.
root.Subcommands.Add(CrictlCommand.Create(globals));
root.Subcommands.Add(ImportCommand.Create(globals));
return await root.Parse(args).InvokeAsync();
