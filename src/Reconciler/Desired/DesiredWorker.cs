using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Runtime;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Desired;

/// <summary>Everything that defines one server's deployment: modules, bindings, compatibility, ownership and the content hash.</summary>
public sealed record DesiredWorker
{
    public required ServerIdentity Identity { get; init; }

    public ServerId Id => Identity.Id;

    public required string ScriptName { get; init; }

    /// <summary>The manifest file that declares it, relative to the repository root.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The validated manifest (tools, plan, …): kept for plan reasons and status.</summary>
    public required ServerManifest Manifest { get; init; }

    /// <summary><c>main.mjs</c> first, then <c>runtime.mjs</c>, then tool modules by id.</summary>
    public required ValueArray<WorkerModule> Modules { get; init; }

    /// <summary>Ordered by name.</summary>
    public required ValueArray<WorkerBinding> Bindings { get; init; }

    public required string CompatibilityDate { get; init; }

    public required ValueArray<string> CompatibilityFlags { get; init; }

    /// <summary>Named API keys whose hashes are bound (for plan reasons: "key laptop revoked").</summary>
    public required ValueArray<NamedKeyHash> Keys { get; init; }

    public required Ownership Ownership { get; init; }

    /// <summary>Everything that defines the deployment, secret versions included (never values).</summary>
    public required string ContentHash { get; init; }

    /// <summary>The content hash without secret versions and key hashes: equal code hashes ⇒ a rebind is enough, no upload.</summary>
    public required string CodeHash { get; init; }

    /// <summary>The summary the planner compares and the state store records.</summary>
    public required DeploymentSummary Summary { get; init; }
}
