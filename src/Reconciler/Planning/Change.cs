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

    /// <summary>What to deploy (create, update, and no-op: for recording).</summary>
    public DesiredWorker? Desired { get; init; }

    /// <summary>What is deployed now (update, delete, no-op).</summary>
    public DeployedWorker? Deployed { get; init; }
}
