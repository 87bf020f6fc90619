namespace McpSaas.WebhookApi;

/// <summary>
/// Entry point of the production host (<c>mcpsaas serve</c> runs the same app through <see cref="McpSaasHost"/>);
/// also the type tests give <c>WebApplicationFactory&lt;Program&gt;</c>. An explicit <c>Main</c> in a namespace, so a
/// console app (the CLI) can reference this project without two global <c>Program</c> types.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        // The data folder's files (state store, secrets key) are the owner's only, whatever creates them.
        McpSaas.Reconciler.State.PrivateFiles.RestrictProcessUmask();
        var app = McpSaasHost.Build(McpSaasHost.CreateBuilder(args, new McpSaasHostOptions { GitOps = true, SignIn = true }));

        // Disposed after a clean run only: when the start fails (options refused) the exception leaves the process,
        // and a host under WebApplicationFactory must still be readable while the factory reports the failure
        // (disposing first made it report ObjectDisposedException instead, depending on timing).
        await app.RunAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        return 0;
    }
}
