using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Platforms;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Planning;

/// <summary>One server's entry in a plan.</summary>
public sealed record Change
{
    public required ServerId Id { get; init; }

    public required string ScriptName { get; init; }

    public required ChangeAction Action { get; init; }

    public required ValueArray<Reason> Reasons { get; init; }

    /// <summary>Unchanged tools not listed in the reasons (rendered as a count).</summary>
    public int UnchangedTools { get; init; }

    /// <summary>The deployment was changed outside McpSaas (its content no longer matches what was applied).</summary>
    public bool Drifted { get; init; }

    /// <summary>For <see cref="ChangeAction.UpdateSecrets"/>: the secret bindings whose version changed, by binding name.</summary>
    public ValueArray<string> ReboundSecrets { get; init; } = ValueArray<string>.Empty;

    /// <summary>For <see cref="ChangeAction.UpdateSecrets"/>: the API key hashes changed.</summary>
    public bool KeysRebound { get; init; }

    /// <summary>The platform's etag the run observed but no receipt had (recorded as the receipt when the change is a no-op).</summary>
    public string? AdoptEtag { get; init; }

    /// <summary>What the last apply recorded for this server (tools, keys, secrets…), to explain the change; null for a new server.</summary>
    public DeploymentSummary? Applied { get; init; }

    /// <summary>What to deploy (create, update, and no-op: for recording).</summary>
    public DesiredWorker? Desired { get; init; }

    /// <summary>What is deployed now (update, delete, no-op).</summary>
    public DeployedWorker? Deployed { get; init; }
}
