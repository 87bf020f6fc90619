using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Sources;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>
/// The working state of one run, handed from step to step (source → load → desire → observe → plan → apply →
/// record → report). Each step reads what the earlier ones left and adds its own part.
/// </summary>
public sealed class ReconcileRun(ReconcileRequest request)
{
    public ReconcileRequest Request { get; } = request;

    public RepoContext Repo => Request.Repo;

    public ISourceSnapshot? Snapshot { get; set; }

    public string Revision => Snapshot?.Revision ?? "";

    public ManifestLoadOptions? LoadOptions { get; set; }

    public State.OrgEntitlement? Entitlement { get; set; }

    public IReadOnlyList<ManifestFile> Files { get; set; } = [];

    public DesiredState? Desired { get; set; }

    /// <summary>What the state store knows of the repository: its servers by id, its inventory, what was last applied.</summary>
    public RepoState? State { get; set; }

    /// <summary>The tick's listing of the platform (the request's, or one for this run alone).</summary>
    public PlatformObservation? Observation { get; set; }

    public IReadOnlyList<DeployedWorker> Observed { get; set; } = [];

    public Plan? Plan { get; set; }

    /// <summary>Writes made live by the apply step, with the platform's receipts (deletes have none).</summary>
    public List<(Change Change, DeployReceipt? Receipt)> Live { get; } = [];

    public List<ApplyOutcome> Outcomes { get; } = [];

    public int Writes { get; set; }

    /// <summary>Servers the apply step marked as being deployed (reconciling): the report step writes each one's outcome.</summary>
    public HashSet<string> MarkedDeploying { get; } = new(StringComparer.Ordinal);

    public ReconcileError? Error { get; set; }

    public void Report(string message) => Request.Progress?.Report(message);

    public ReconcileResult ToResult() => new()
    {
        Revision = Revision,
        Files = Files,
        Plan = Plan ?? Plan.Empty(Repo, Revision),
        Applied = Request.Apply && Plan is not null && Error is null,
        Outcomes = [.. Outcomes],
        PlatformWrites = Writes,
        Error = Error,
    };
}
