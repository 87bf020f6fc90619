using McpSaas.Reconciler.Installations;

namespace McpSaas.GitHub.Webhooks;

/// <summary>An understood delivery (<see cref="Effect"/>), or why the payload could not be read (<see cref="Error"/>).</summary>
public sealed record WebhookParseResult(DeliveryEffect? Effect, string? Error)
{
    public static WebhookParseResult Understood(DeliveryEffect effect) => new(effect, null);

    public static WebhookParseResult Unreadable(string error) => new(null, error);
}
