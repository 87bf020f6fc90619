namespace McpSaas.GitHub;

/// <summary>
/// The GitHub App McpSaas runs as, bound from the <c>GitHub</c> configuration section (environment:
/// <c>MCPSAAS_GitHub__AppId</c>, …) and validated at start by <see cref="GitHubAppOptionsValidator"/>.
/// Everything is optional until one key is set; then the App must be complete.
/// </summary>
public sealed class GitHubAppOptions
{
    public const string SectionName = "GitHub";

    /// <summary>GitHub caps webhook payloads at 25 MB; bigger bodies are refused with 413 before they are read.</summary>
    public const int MaxWebhookBytes = 25 * 1024 * 1024;

    /// <summary>The App's numeric id (App settings → About).</summary>
    public long? AppId { get; set; }

    /// <summary>The App's client id (<c>Iv23…</c>): the recommended JWT issuer; the App id is used when it is not set.</summary>
    public string? ClientId { get; set; }

    /// <summary>The App's private key in PEM (<c>-----BEGIN RSA PRIVATE KEY-----</c>…), or use <see cref="PrivateKeyFile"/>.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>Path of the App's private key PEM file.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>The webhook secret set in the App's settings; every delivery's <c>X-Hub-Signature-256</c> is checked with it.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>REST API root: <c>https://api.github.com</c>, or GitHub Enterprise Server's <c>https://HOST/api/v3</c>.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.github.com";

    /// <summary>Web root that serves git (<c>https://github.com</c>, or <c>https://HOST</c>): tokens are given to git on this host only.</summary>
    public string WebBaseUrl { get; set; } = "https://github.com";

    /// <summary>True when any App key is set (the App is then validated as a whole and the webhook endpoint is served).</summary>
    public bool IsConfigured =>
        AppId is not null || !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(PrivateKey)
        || !string.IsNullOrWhiteSpace(PrivateKeyFile) || !string.IsNullOrWhiteSpace(WebhookSecret);

    /// <summary>The JWT issuer: the client id when set, else the App id.</summary>
    public string? Issuer => !string.IsNullOrWhiteSpace(ClientId)
        ? ClientId.Trim()
        : AppId?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The PEM text, from <see cref="PrivateKey"/> or the file.</summary>
    public string? ReadPrivateKeyPem() =>
        !string.IsNullOrWhiteSpace(PrivateKey) ? PrivateKey.Replace("\\n", "\n", StringComparison.Ordinal)
        : !string.IsNullOrWhiteSpace(PrivateKeyFile) && File.Exists(PrivateKeyFile) ? File.ReadAllText(PrivateKeyFile)
        : null;
}
