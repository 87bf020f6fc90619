using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Runtime;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>Uploads shaped like McpSaas's (worker-contract.md): entry module, runtime, tools, the contract's bindings, ownership tags.</summary>
internal static class Uploads
{
    public const string StandInRuntime = """
        export class McpSession { async fetch() { return new Response("session"); } }
        export class McpLimiter { async fetch() { return new Response("limiter"); } }
        export function createWorker(tools) {
          return { async fetch(request, env) { return Response.json({ tools: tools.map((t) => t.id), usage: env.MCP_USAGE_URL }); } };
        }

        """;

    /// <summary>A small McpSaas-shaped upload (stand-in runtime and tool modules), with the migrations for <paramref name="currentMigrationTag"/>.</summary>
    public static WorkerUpload Small(string scriptName, string? currentMigrationTag = null, string contentHash = "3f2c1ab9d0e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2")
    {
        var modules = new[]
        {
            UploadModule.From(EntryModule.Render(["fetch"])),
            UploadModule.EsModule("runtime.mjs", StandInRuntime),
            UploadModule.EsModule("tools/fetch.mjs", "export default { id: \"fetch\" };\n"),
        };
        return new WorkerUpload
        {
            ScriptName = scriptName,
            Modules = modules,
            CompatibilityDate = RuntimeBundle.DefaultCompatibilityDate,
            CompatibilityFlags = RuntimeBundle.DefaultCompatibilityFlags,
            Bindings = ContractBindings(scriptName, "local/examples/team", "https://platform.example/api/usage", "[]"),
            Tags = OwnershipTags.Encode("local", "local:local/examples/team", contentHash),
            Migrations = DurableObjectMigrations.For(scriptName, currentMigrationTag),
        };
    }

    /// <summary>The non-secret bindings of worker-contract.md, in name order (secrets go through the secrets endpoint).</summary>
    public static IReadOnlyList<CloudflareBinding> ContractBindings(string scriptName, string serverId, string usageUrl, string keyHashesJson, string toolsJson = """[{"use":"fetch","as":"fetch","with":{"allowedHosts":["example.com"]}}]""") =>
    [
        CloudflareBinding.JsonValue("MCP_ALLOWED_HOSTS", $"[\"{scriptName}.mcpsaas-fake.workers.dev\"]"),
        CloudflareBinding.JsonValue("MCP_CONFIG", $$"""{"contractVersion":1,"serverId":"{{serverId}}","name":"{{serverId.Split('/')[^1]}}","plan":"free","limits":{"ratePerMinute":null,"toolsPerServer":3},"suspended":false,"tools":{{toolsJson}}}"""),
        CloudflareBinding.JsonValue("MCP_KEY_HASHES", keyHashesJson),
        CloudflareBinding.DurableObject("MCP_LIMITER", "McpLimiter"),
        CloudflareBinding.DurableObject("MCP_SESSIONS", "McpSession"),
        CloudflareBinding.PlainText("MCP_USAGE_URL", usageUrl),
    ];
}
