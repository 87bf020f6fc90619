using System.Globalization;
using System.Text;
using System.Text.Json;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Runtime;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Desired;

/// <summary>
/// The Desire step: validated manifests + catalog + org entitlement + secret store → one <see cref="DesiredWorker"/>
/// per deployable server, the rest stalled with a clear reason. A pure function of its inputs.
/// </summary>
public sealed class DesiredStateBuilder(RuntimeBundle runtime)
{
    /// <summary>Version of the seam with worker-runtime (<c>MCP_CONFIG.contractVersion</c>).</summary>
    public const int ContractVersion = 1;

    public DesiredState Build(OrgContext org, RepoContext repo, IReadOnlyList<ManifestFile> files, IDesireInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(org);
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(inputs);

        var workers = new List<DesiredWorker>();
        var stalled = new List<StalledServer>();
        var candidates = new List<(ServerIdentity Identity, string Path, ServerManifest Manifest)>();
        var keptFiles = new List<string>();

        foreach (var file in files)
        {
            if (file.ParseFailed || file.Documents.Any(d => d.Name is null && !d.IsValid))
            {
                keptFiles.Add(file.Path); // the servers it declared before are kept
            }

            foreach (var doc in file.Documents)
            {
                if (doc.Name is null)
                {
                    continue;
                }

                var identity = repo.Identity(doc.Name);
                if (!doc.IsValid)
                {
                    var first = doc.Diagnostics.FirstOrDefault(d => d.IsError);
                    var message = first is null ? "the manifest is invalid" : $"invalid manifest: {first}";
                    var count = doc.Diagnostics.Count(d => d.IsError);
                    if (count > 1)
                    {
                        message += $" (and {count - 1} more)";
                    }

                    stalled.Add(new StalledServer(identity.Id, file.Path, StallReason.InvalidManifest, message));
                    continue;
                }

                candidates.Add((identity, file.Path, doc.Server!));
            }
        }

        var slots = new OrgSlots(org, candidates.Select(c => c.Identity.Id));
        foreach (var (identity, path, manifest) in candidates)
        {
            // Per-server plan rules and the entitlement cap are the validator's (MCP301-MCP304); the org-wide slots are decided here.
            var refusal = slots.Refusal(identity.Id);
            if (refusal is not null)
            {
                stalled.Add(new StalledServer(identity.Id, path, StallReason.PlanLimit, refusal));
                continue;
            }

            var unbuilt = manifest.Tools.Select(t => t.Use).Distinct(StringComparer.Ordinal).Where(id => !runtime.Tools.ContainsKey(id)).ToList();
            if (unbuilt.Count > 0)
            {
                stalled.Add(new StalledServer(identity.Id, path, StallReason.RuntimeMissingTool,
                    $"the worker runtime has no module for tool{(unbuilt.Count > 1 ? "s" : "")} {string.Join(", ", unbuilt.Select(u => $"'{u}'"))}: rebuild worker-runtime (npm run build) or upgrade McpSaas"));
                continue;
            }

            var missing = MissingSecrets(org, repo, manifest, inputs);
            if (missing.Count > 0)
            {
                stalled.Add(new StalledServer(identity.Id, path, StallReason.SecretMissing,
                    $"secret{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))} not set for org '{org.Name}'")
                {
                    MissingSecrets = missing.ToValueArray(),
                });
                continue;
            }

            workers.Add(BuildWorker(org, repo, identity, path, manifest, inputs));
        }

        return new DesiredState
        {
            Workers = workers.OrderBy(w => w.Id.ToString(), StringComparer.Ordinal).ToValueArray(),
            Stalled = stalled.OrderBy(s => s.Id.ToString(), StringComparer.Ordinal).ToValueArray(),
            KeptFiles = keptFiles.Order(StringComparer.Ordinal).ToValueArray(),
        };
    }

    private DesiredWorker BuildWorker(OrgContext org, RepoContext repo, ServerIdentity identity, string path, ServerManifest manifest, IDesireInputs inputs)
    {
        var scriptName = ScriptNames.For(identity);
        var endpoint = inputs.Endpoint(identity, scriptName);
        var toolIds = manifest.Tools.Select(t => t.Use).Distinct(StringComparer.Ordinal).ToList();

        var modules = new List<WorkerModule> { EntryModule.Render(toolIds), runtime.Runtime };
        foreach (var id in toolIds.Order(StringComparer.Ordinal))
        {
            modules.Add(runtime.Tools[id]);
        }

        var keys = inputs.Keys(identity.Id).OrderBy(k => k.Name, StringComparer.Ordinal).ToValueArray();
        var limits = LimitsFor(org, manifest.Plan);
        var rate = Min(limits.CallsPerMinute, manifest.RateLimitPerMinute);
        var allowedHostsJson = JsonArray(endpoint.AllowedHosts.Distinct(StringComparer.Ordinal));

        var secretBindings = new List<SecretSummary>();
        var bindings = new List<WorkerBinding>
        {
            new JsonBinding("MCP_CONFIG", ConfigJson(identity.Id, manifest, rate, limits.ToolsPerServer)),
            new JsonBinding(DeploymentHash.KeyHashesBinding, KeyHashesJson(keys)),
            new JsonBinding("MCP_ALLOWED_HOSTS", allowedHostsJson),
            new PlainTextBinding("MCP_USAGE_URL", endpoint.UsageUrl),
            new SecretTextBinding("MCP_USAGE_TOKEN", new UsageTokenSecret(inputs.UsageTokenVersion(identity.Id))),
            new DurableObjectBinding("MCP_SESSIONS", "McpSession"),
            new DurableObjectBinding("MCP_LIMITER", "McpLimiter"),
        };
        secretBindings.Add(new SecretSummary("MCP_USAGE_TOKEN", "usage-token", inputs.UsageTokenVersion(identity.Id)));
        foreach (var tool in manifest.Tools)
        {
            foreach (var secret in tool.Secrets)
            {
                var name = SecretBindingName(tool.Alias, secret.Input);
                var version = inputs.SecretVersion(org.Name, repo.Name, secret.Reference)!.Value;
                bindings.Add(new SecretTextBinding(name, new StoredSecret(secret.Reference, version)));
                secretBindings.Add(new SecretSummary(name, secret.Reference, version));
            }
        }

        bindings.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var flags = runtime.CompatibilityFlags.ToValueArray();
        var hash = DeploymentHash.Compute(modules, bindings, runtime.CompatibilityDate, flags);
        var codeHash = DeploymentHash.CodeHash(modules, bindings, runtime.CompatibilityDate, flags);

        return new DesiredWorker
        {
            Identity = identity,
            ScriptName = scriptName,
            SourcePath = path,
            Manifest = manifest,
            Modules = modules.ToValueArray(),
            Bindings = bindings.ToValueArray(),
            CompatibilityDate = runtime.CompatibilityDate,
            CompatibilityFlags = flags,
            Keys = keys,
            ContentHash = hash,
            CodeHash = codeHash,
            Ownership = new Ownership(org.Owner, identity.StableKey, identity.Id.ToString(), hash),
            Summary = new DeploymentSummary
            {
                ServerId = identity.Id.ToString(),
                ScriptName = scriptName,
                SourcePath = path,
                Plan = manifest.Plan.ToName(),
                Suspended = manifest.Suspended,
                RatePerMinute = rate,
                Tools = manifest.Tools.Select(t => new ToolSummary(t.Alias, t.Use, t.SettingsJson)).ToValueArray(),
                Keys = keys,
                Secrets = secretBindings.OrderBy(s => s.Binding, StringComparer.Ordinal).ToValueArray(),
                Modules = modules.Select(m => $"{m.Name}:{m.Sha256}").ToValueArray(),
                AllowedHostsJson = allowedHostsJson,
                UsageUrl = endpoint.UsageUrl,
                CompatibilityDate = runtime.CompatibilityDate,
                ContentHash = hash,
                CodeHash = codeHash,
                CompatibilityFlags = flags,
                Bindings = bindings.Select(DeploymentHash.Canonical).ToValueArray(),
            },
        };
    }

    /// <summary>The <c>MCP_KEY_HASHES</c> json: the distinct key hashes, sorted.</summary>
    public static string KeyHashesJson(IEnumerable<NamedKeyHash> keys) =>
        JsonArray(keys.Select(k => k.Sha256).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary><c>MCP_SECRET_&lt;ALIAS&gt;_&lt;INPUT&gt;</c>, upper-cased (worker-contract.md).</summary>
    public static string SecretBindingName(string alias, string input) =>
        $"MCP_SECRET_{alias.ToUpperInvariant()}_{input.ToUpperInvariant()}".Replace('-', '_');

    private static PlanLimits LimitsFor(OrgContext org, PlanTier plan) =>
        plan == org.Entitlement.Tier ? org.Entitlement : PlanLimits.DefaultFor(plan);

    private static List<string> MissingSecrets(OrgContext org, RepoContext repo, ServerManifest manifest, IDesireInputs inputs) =>
        [.. manifest.Tools.SelectMany(t => t.Secrets).Select(s => s.Reference).Distinct(StringComparer.Ordinal)
            .Where(r => inputs.SecretVersion(org.Name, repo.Name, r) is null).Order(StringComparer.Ordinal)];

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static string ConfigJson(ServerId id, ServerManifest manifest, int? rate, int? toolsPerServer)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("contractVersion", ContractVersion);
            w.WriteString("serverId", id.ToString());
            w.WriteString("name", manifest.Name);
            w.WriteString("plan", manifest.Plan.ToName());
            w.WriteStartObject("limits");
            WriteNullable(w, "ratePerMinute", rate);
            WriteNullable(w, "toolsPerServer", toolsPerServer);
            w.WriteEndObject();
            w.WriteBoolean("suspended", manifest.Suspended);
            w.WriteStartArray("tools");
            foreach (var tool in manifest.Tools)
            {
                w.WriteStartObject();
                w.WriteString("use", tool.Use);
                if (tool.As is null)
                {
                    w.WriteNull("as");
                }
                else
                {
                    w.WriteString("as", tool.As);
                }

                w.WritePropertyName("with");
                using var settings = JsonDocument.Parse(tool.SettingsJson);
                settings.RootElement.WriteTo(w);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string JsonArray(IEnumerable<string> items) =>
        "[" + string.Join(",", items.Select(i => JsonSerializer.Serialize(i, DesiredJsonContext.Default.String))) + "]";

    /// <summary>
    /// Servers-per-org slots (manifest-v1.md rule 6): deployed servers keep theirs; new ones take free slots
    /// in first-seen order, ties by server id. Deterministic for the same inputs.
    /// </summary>
    private sealed class OrgSlots
    {
        private readonly int? _limit;
        private readonly HashSet<ServerId> _granted = [];
        private readonly string _org;
        private readonly string _tier;

        public OrgSlots(OrgContext org, IEnumerable<ServerId> declared)
        {
            _limit = org.Entitlement.ServersPerOrg;
            _org = org.Name;
            _tier = org.Entitlement.Tier.ToName();
            if (_limit is null)
            {
                return;
            }

            var known = org.KnownServers.ToDictionary(s => s.Id);
            foreach (var s in org.KnownServers.Where(s => s.Deployed))
            {
                _granted.Add(s.Id);
            }

            var waiting = declared.Distinct()
                .Where(id => !_granted.Contains(id))
                .Select(id => (Id: id, FirstSeen: known.TryGetValue(id, out var k) ? k.FirstSeen : DateTimeOffset.MaxValue))
                .OrderBy(x => x.FirstSeen).ThenBy(x => x.Id.ToString(), StringComparer.Ordinal);
            foreach (var (id, _) in waiting)
            {
                if (_granted.Count >= _limit)
                {
                    break;
                }

                _granted.Add(id);
            }
        }

        public string? Refusal(ServerId id) => _limit is null || _granted.Contains(id)
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"org '{_org}' is on plan '{_tier}', which allows {_limit} server{(_limit == 1 ? "" : "s")} per org, all in use: upgrade the org's plan or remove a server");
    }
}
