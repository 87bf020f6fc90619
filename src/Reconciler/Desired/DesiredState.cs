using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Desired;

/// <summary>The output of the Desire step for one repository.</summary>
public sealed record DesiredState
{
    public required ValueArray<DesiredWorker> Workers { get; init; }

    /// <summary>Servers declared but not deployable now; their deployments are kept.</summary>
    public required ValueArray<StalledServer> Stalled { get; init; }

    /// <summary>
    /// Manifest files that could not be read as a whole (a parse failure, or a document whose name cannot be read):
    /// every server they declared before is kept as deployed (manifest-v1.md rule 7).
    /// </summary>
    public ValueArray<string> KeptFiles { get; init; } = ValueArray<string>.Empty;
}
