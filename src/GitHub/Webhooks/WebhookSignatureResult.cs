namespace McpSaas.GitHub.Webhooks;

/// <summary>The outcome of checking <c>X-Hub-Signature-256</c>.</summary>
public enum WebhookSignatureResult
{
    Valid,

    /// <summary>No signature header.</summary>
    Missing,

    /// <summary>Not <c>sha256=</c> followed by 64 hex digits.</summary>
    Malformed,

    /// <summary>Well formed, but not the HMAC of this body with our secret.</summary>
    Mismatch,
}
