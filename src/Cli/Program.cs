using System.Runtime.InteropServices;
using McpSaas.Cli;
using McpSaas.Reconciler.State;

// Everything this process and its children (workerd) create in the data folder is the owner's only (0600/0700).
PrivateFiles.RestrictProcessUmask();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
// SIGTERM (a service manager, a test harness) stops the same way as Ctrl-C: commands clean up first.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

return await CliApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
