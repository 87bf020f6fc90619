using McpSaas.Reconciler.State;
using Microsoft.Extensions.Hosting;

namespace McpSaas.WebhookApi.State;

/// <summary>Creates or migrates the state store when the host starts, so a broken store fails the start, not the first request.</summary>
internal sealed class StateStoreInitializer(IStateStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
