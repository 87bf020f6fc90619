using McpSaas.Reconciler.Identity;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Reporting;

/// <summary>
/// One server's MCP tool surface before (as last applied) and after (as the manifest asks), as clients see it:
/// exposed names after aliases and <c>readOnly</c>, what they gain, lose or see renamed, the secrets newly needed,
/// and the client limits it breaks.
/// </summary>
public sealed record ServerSurface
{
    public required ServerId Id { get; init; }

    public required SurfaceChange Change { get; init; }

    /// <summary>What clients see now (the last apply); empty for a new server.</summary>
    public required ValueArray<ExposedTool> Before { get; init; }

    /// <summary>What clients would see; equal to <see cref="Before"/> when unknown (<see cref="SurfaceChange.Unknown"/>).</summary>
    public required ValueArray<ExposedTool> After { get; init; }

    /// <summary>New names (renames excluded), by name.</summary>
    public required ValueArray<ExposedTool> Gained { get; init; }

    /// <summary>Names that disappear (renames excluded), by name.</summary>
    public required ValueArray<ExposedTool> Lost { get; init; }

    public required ValueArray<ToolRename> Renamed { get; init; }

    /// <summary>Secret references the manifest uses that the last apply did not, with whether each is set.</summary>
    public required ValueArray<SecretNeed> NewSecrets { get; init; }

    public required ValueArray<ClientLimitWarning> Warnings { get; init; }

    /// <summary>Why the manifest's version does not deploy now (it is stalled or waiting: what is deployed stays); null when it does.</summary>
    public string? Blocked { get; init; }

    /// <summary>Anything for a reviewer: the surface changes, a secret is newly needed, a client limit breaks, or it is blocked.</summary>
    public bool IsNotable => Change is not SurfaceChange.Unchanged || NewSecrets.Count > 0 || Warnings.Count > 0 || Blocked is not null;
}
