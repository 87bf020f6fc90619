namespace McpSaas.Reconciler.Platforms;

/// <summary>A platform whose API calls are rationed (Cloudflare: 1,200 requests per 5 minutes): what is left, for metrics.</summary>
public interface IPlatformBudget
{
    /// <summary>Requests the platform's API may still take in the current window.</summary>
    int Remaining { get; }

    /// <summary>The window's size.</summary>
    int Limit { get; }
}
