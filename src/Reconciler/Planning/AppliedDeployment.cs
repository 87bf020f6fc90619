using McpSaas.Reconciler.Desired;

namespace McpSaas.Reconciler.Planning;

/// <summary>What the state store recorded at the last successful apply of one Worker (its inventory entry).</summary>
/// <param name="ContentHash">The content hash applied.</param>
/// <param name="Summary">The applied summary (for reasons and rebinds); null when the record predates it.</param>
/// <param name="Etag">The platform's etag in the receipt of that write; null when unknown (the next listing's is adopted).</param>
public sealed record AppliedDeployment(string ContentHash, DeploymentSummary? Summary, string? Etag);
