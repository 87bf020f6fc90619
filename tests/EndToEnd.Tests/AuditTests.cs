using System.Text.Json;
using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>Every audited action leaves exactly one entry naming who did it (issue #14, audit log), never a value.</summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class AuditTests : IAsyncLifetime
{
    private readonly TempDir _data = new("mcpsaas-e2e-audit");
    private readonly TempDir _folder = new("mcpsaas-e2e-audit-repo");
    private McpSaasCli _cli = null!;

    public Task InitializeAsync()
    {
        _cli = new McpSaasCli(_data.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _cli.RunAsync("local", "stop");
        _folder.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task EachAuditedAction_LeavesExactlyOneEntry_WithTheCliActor_AndNoValue()
    {
        const string value = "xoxb-audit-0123456789-abcdefghijklmnop";
        _folder.Write("a/mcp.yaml", "apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata: { name: a }\nspec:\n  plan: free\n  tools:\n    - use: fetch\n      with: { allowedHosts: [example.com] }\n");
        var repo = Path.GetFileName(_folder.Path);
        var id = $"local/{repo}/a";

        Assert.Equal(0, (await _cli.RunAsync("admin", "plan", "local", "pro")).Exit);
        Assert.Equal(0, (await _cli.RunWithInputAsync(value, "secrets", "set", "local", "bot")).Exit);
        Assert.Equal(0, (await _cli.RunAsync("apply", "--source", _folder.Path)).Exit);
        Assert.Equal(0, (await _cli.RunAsync("keys", "create", id, "--name", "laptop")).Exit);
        Assert.Equal(0, (await _cli.RunAsync("keys", "revoke", id, "laptop")).Exit);
        Assert.Equal(0, (await _cli.RunAsync("secrets", "rm", "local", "bot")).Exit);
        File.Delete(Path.Combine(_folder.Path, "a", "mcp.yaml"));
        Assert.Equal(0, (await _cli.RunAsync("apply", "--source", _folder.Path)).Exit);

        var audit = await _cli.RunAsync("audit", "--org", "local", "--json");
        Assert.Equal(0, audit.Exit);
        using var json = JsonDocument.Parse(audit.Stdout);
        var entries = json.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => (Actor: e.GetProperty("actor").GetString()!, Action: e.GetProperty("action").GetString()!, Target: e.GetProperty("target").GetString()))
            .Where(e => !e.Action.StartsWith("usage-token", StringComparison.Ordinal) && e.Action != "server.rebind")
            .ToList();
        var actions = entries.Select(e => e.Action).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["entitlement.set", "key.create", "key.revoke", "secret.remove", "secret.set", "server.create", "server.delete"], actions);
        Assert.All(entries, e => Assert.StartsWith("cli:", e.Actor, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == "server.create" && e.Target == id);
        Assert.DoesNotContain(value, audit.Stdout, StringComparison.Ordinal);
        Assert.Contains("server.create", (await _cli.RunAsync("audit", "--since", "1h")).Stdout, StringComparison.Ordinal);
        Assert.Equal(2, (await _cli.RunAsync("audit", "--since", "yesterday-ish")).Exit);
    }
}
