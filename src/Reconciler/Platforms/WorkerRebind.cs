using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Secrets;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// A change to a deployed Worker's bindings that needs no module upload: new secret versions (Cloudflare's secrets
/// endpoint) and/or new <c>json</c> bindings such as <c>MCP_KEY_HASHES</c>. Everything not named stays as deployed.
/// </summary>
/// <param name="ScriptName">The Worker.</param>
/// <param name="Ownership">The ownership record after the change (its content hash is the new one).</param>
/// <param name="Json">Json bindings to replace.</param>
/// <param name="Secrets">Secret bindings to replace (new source version) with their values.</param>
public sealed record WorkerRebind(string ScriptName, Ownership Ownership, ValueArray<JsonBinding> Json, IReadOnlyList<ReboundSecret> Secrets);
