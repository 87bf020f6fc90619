namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// What the platform recorded for a write: kept with the inventory, so the next observe finds drift by comparing
/// receipts instead of downloading scripts.
/// </summary>
/// <param name="Etag">The platform's version of the deployed Worker; null when the write's answer does not carry it (the next listing's is adopted).</param>
/// <param name="ModifiedOn">The platform's modification time, when it says.</param>
/// <param name="VersionId">The platform's version id, when it has one.</param>
/// <param name="Endpoint">Base URL the server is reached at.</param>
public sealed record DeployReceipt(string? Etag, DateTimeOffset? ModifiedOn, string? VersionId, string Endpoint);
