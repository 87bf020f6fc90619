using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Testing.Fakes.Cloudflare;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>The client against the fake, endpoint by endpoint (cloudflare-workers-api.md).</summary>
public sealed class CloudflareClientContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Upload_CreatesTheScript_AndReturnsTheReceipt()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var upload = Uploads.Small("mcp-a");

        var receipt = await h.Client.UploadScriptAsync(upload, None);

        var stored = h.Fake.Script("mcp-a")!;
        Assert.Equal("mcp-a", receipt.Id);
        Assert.Equal(stored.Etag, receipt.Etag);
        Assert.Equal(stored.Tag, receipt.Tag);
        Assert.NotNull(receipt.ModifiedOn);
        Assert.Equal(DurableObjectMigrations.V1, receipt.MigrationTag);
        Assert.Equal(upload.Tags, receipt.Tags);
        Assert.Equal("main.mjs", stored.MainModule);
        Assert.Equal(["main.mjs", "runtime.mjs", "tools/fetch.mjs"], stored.Modules.Select(m => m.Name));
        Assert.All(stored.Modules, m => Assert.Equal("application/javascript+module", m.ContentType));
        Assert.Equal(upload.Modules.Select(m => m.Content), stored.Modules.Select(m => m.Content));
        Assert.Equal(upload.CompatibilityDate, stored.CompatibilityDate);
        Assert.Equal(["nodejs_compat"], stored.CompatibilityFlags);
        Assert.Equal(["McpLimiter", "McpSession"], stored.DurableObjectClasses);
        Assert.Equal(6, stored.Bindings.Count);

        var request = Assert.Single(h.Fake.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal($"/accounts/{h.Fake.AccountId}/workers/scripts/mcp-a", request.Path);
        Assert.Equal("?bindings_inherit=strict", request.Query);
        Assert.StartsWith("multipart/form-data; boundary=mcpsaas-", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(WorkerUploadForm.Build(upload).Body, request.Body);
    }

    [Fact]
    public async Task Upload_Again_WithTheListedMigrationTag_DoesNotRepeatTheMigration_AndGetsANewEtag()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var first = await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);
        var listed = Assert.Single(await h.Client.ListScriptsAsync(null, None));

        var second = await h.Client.UploadScriptAsync(Uploads.Small("mcp-a", listed.MigrationTag), None);

        Assert.Equal(DurableObjectMigrations.V1, listed.MigrationTag);
        Assert.DoesNotContain("migrations", h.Fake.Requests[^1].BodyText, StringComparison.Ordinal);
        Assert.NotEqual(first.Etag, second.Etag); // a new version on every upload, even of the same content
        Assert.Equal(first.Tag, second.Tag);
        Assert.Equal(DurableObjectMigrations.V1, second.MigrationTag);
        Assert.Equal(["McpLimiter", "McpSession"], h.Fake.Script("mcp-a")!.DurableObjectClasses);
    }

    [Fact]
    public async Task Upload_WithAStaleMigrationTag_IsRefusedWith10079_AsTransient()
    {
        await using var h = await CloudflareHarness.StartAsync();
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-a", currentMigrationTag: null), None));

        Assert.Equal(CloudflareErrorKind.MigrationTagMismatch, error.Kind);
        Assert.Equal(CloudflareErrorClass.Transient, error.Class);
        Assert.Equal(412, error.HttpStatus);
        Assert.Equal([10079], error.Codes);
        Assert.Equal(2, h.Fake.Requests.Count); // not retried in place: it needs a new observation
    }

    [Fact]
    public async Task List_ReturnsEveryScript_OrThoseMatchingATagFilter()
    {
        await using var h = await CloudflareHarness.StartAsync();
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-b") with { Tags = OwnershipTags.Encode("gh:7", "gh:7/1/b", new string('b', 64)) }, None);
        h.Fake.SeedScript("someone-else", ["team-blue"]);

        var all = await h.Client.ListScriptsAsync(null, None);
        var local = await h.Client.ListScriptsAsync(OwnershipTags.OwnerFilter("local"), None);
        var mcpsaas = await h.Client.ListScriptsAsync(OwnershipTags.AnyOwnerFilter, None);

        Assert.Equal(["mcp-a", "mcp-b", "someone-else"], all.Select(s => s.Id));
        Assert.Equal(["mcp-a"], local.Select(s => s.Id));
        Assert.Equal(["mcp-a", "mcp-b"], mcpsaas.Select(s => s.Id));
        Assert.Equal("?tags=mcpsaas-owner-local%3Ayes", h.Fake.Requests[^2].Query);
        var seeded = all.Single(s => s.Id == "someone-else");
        Assert.Equal("dash", seeded.LastDeployedFrom);
        Assert.False(OwnershipTags.TryDecode(seeded.Tags, out _));
        Assert.True(OwnershipTags.TryDecode(all[0].Tags, out var owner));
        Assert.Equal("local", owner!.Owner);
        Assert.All(all, s => Assert.NotNull(s.Etag));
    }

    [Fact]
    public async Task Secrets_AreSetInBulk_AndByOne_AndSettingsShowThemByNameOnly()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var upload = await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);

        await h.Client.PatchSecretsAsync("mcp-a", new Dictionary<string, string?> { ["MCP_USAGE_TOKEN"] = "usage-token-value-1", ["MCP_SECRET_SLACK_BOTTOKEN"] = "xoxb-value-1" }, None);
        var put = await h.Client.PutSecretAsync("mcp-a", "MCP_SECRET_GH_TOKEN", "ghp-value-1", None);
        await h.Client.PatchSecretsAsync("mcp-a", new Dictionary<string, string?> { ["MCP_SECRET_SLACK_BOTTOKEN"] = null, ["MCP_USAGE_TOKEN"] = "usage-token-value-2" }, None);
        var settings = await h.Client.GetSettingsAsync("mcp-a", None);

        Assert.Equal("MCP_SECRET_GH_TOKEN", put.Name);
        Assert.Equal("secret_text", put.Type);
        var stored = h.Fake.Script("mcp-a")!;
        Assert.Equal(new Dictionary<string, string> { ["MCP_SECRET_GH_TOKEN"] = "ghp-value-1", ["MCP_USAGE_TOKEN"] = "usage-token-value-2" }, stored.Secrets);
        Assert.Equal(upload.Etag, stored.Etag); // no module upload: the content (and the etag) is unchanged
        var secrets = settings.Bindings!.Where(b => b.Type == "secret_text").ToList();
        Assert.Equal(["MCP_SECRET_GH_TOKEN", "MCP_USAGE_TOKEN"], secrets.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(secrets, s => Assert.Null(s.Text));
        Assert.Equal(RuntimeCompatibility(), settings.CompatibilityDate);
        Assert.Equal(["nodejs_compat"], settings.CompatibilityFlags);
        Assert.Equal("""{"contractVersion":1,"serverId":"local/examples/team","name":"team","plan":"free","limits":{"ratePerMinute":null,"toolsPerServer":3},"suspended":false,"tools":[{"use":"fetch","as":"fetch","with":{"allowedHosts":["example.com"]}}]}""",
            settings.Bindings!.Single(b => b.Name == "MCP_CONFIG").Json!.Value.GetRawText());
    }

    [Fact]
    public async Task Upload_KeepsSecretsSetThroughTheSecretsEndpoint()
    {
        await using var h = await CloudflareHarness.StartAsync();
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);
        await h.Client.PatchSecretsAsync("mcp-a", new Dictionary<string, string?> { ["MCP_USAGE_TOKEN"] = "usage-token-value" }, None);

        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a", DurableObjectMigrations.V1), None);

        Assert.Equal("usage-token-value", h.Fake.Script("mcp-a")!.Secrets["MCP_USAGE_TOKEN"]);
        Assert.Contains("""{"type":"secret_text","name":"MCP_USAGE_TOKEN"}""", h.Fake.Script("mcp-a")!.Bindings);
    }

    [Fact]
    public async Task Upload_WithASecretTextBindingInTheMetadata_IsAccepted_AndNeverReadBack()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var upload = Uploads.Small("mcp-a") with { Bindings = [.. Uploads.Small("mcp-a").Bindings, CloudflareBinding.SecretText("MCP_USAGE_TOKEN", "inline-secret-value")] };

        await h.Client.UploadScriptAsync(upload, None);
        var settings = await h.Client.GetSettingsAsync("mcp-a", None);

        Assert.Equal("inline-secret-value", h.Fake.Script("mcp-a")!.Secrets["MCP_USAGE_TOKEN"]);
        Assert.Null(settings.Bindings!.Single(b => b.Name == "MCP_USAGE_TOKEN").Text);
    }

    [Fact]
    public async Task PatchSettings_ChangesWhatItNames_AsANewVersion()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var upload = await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);
        await h.Client.PatchSecretsAsync("mcp-a", new Dictionary<string, string?> { ["MCP_USAGE_TOKEN"] = "usage-token-value" }, None);
        var bindings = Uploads.ContractBindings("mcp-a", "local/examples/team", "https://platform.example/api/usage", """["abc"]""");

        var settings = await h.Client.PatchSettingsAsync("mcp-a",
            new CloudflareSettingsPatch { Bindings = [.. bindings], KeepBindings = [.. WorkerUpload.KeepSecrets], Tags = ["mcpsaas", "extra"] }, None);

        Assert.Equal(["mcpsaas", "extra"], settings.Tags);
        Assert.Equal("""["abc"]""", settings.Bindings!.Single(b => b.Name == "MCP_KEY_HASHES").Json!.Value.GetRawText());
        Assert.Contains(settings.Bindings!, b => b.Name == "MCP_USAGE_TOKEN" && b.Type == "secret_text");
        var stored = h.Fake.Script("mcp-a")!;
        Assert.Equal("usage-token-value", stored.Secrets["MCP_USAGE_TOKEN"]);
        Assert.NotEqual(upload.Etag, stored.Etag);
        Assert.Equal(["main.mjs", "runtime.mjs", "tools/fetch.mjs"], stored.Modules.Select(m => m.Name));
        Assert.Contains("Content-Disposition: form-data; name=\"settings\"", h.Fake.Requests[^1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetTags_ReplacesTheTags_WithoutANewVersion()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var upload = await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);
        var tags = OwnershipTags.Encode("local", "local:local/examples/team", new string('c', 64));

        var result = await h.Client.SetTagsAsync("mcp-a", tags, None);

        Assert.Equal(tags, result);
        Assert.Equal(tags, h.Fake.Script("mcp-a")!.Tags);
        Assert.Equal(upload.Etag, h.Fake.Script("mcp-a")!.Etag);
        Assert.Equal(("PATCH", $"/accounts/{h.Fake.AccountId}/workers/scripts/mcp-a/script-settings"), (h.Fake.Requests[^1].Method, h.Fake.Requests[^1].Path));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.SetTagsAsync("mcp-a", ["a&b"], None));
    }

    [Fact]
    public async Task Delete_DeletesOnce_ThenReportsAlreadyGone()
    {
        await using var h = await CloudflareHarness.StartAsync();
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);

        Assert.True(await h.Client.DeleteScriptAsync("mcp-a", force: false, None));
        Assert.False(await h.Client.DeleteScriptAsync("mcp-a", force: false, None));
        Assert.False(await h.Client.DeleteScriptAsync("mcp-never", force: true, None));

        Assert.Empty(h.Fake.Scripts);
        Assert.Equal([200, 404, 404], h.Fake.Requests.Skip(1).Select(r => r.Status));
        Assert.Equal("?force=true", h.Fake.Requests[^1].Query);
    }

    [Fact]
    public async Task Subdomain_IsReadOnce_AndGivesTheWorkerUrl()
    {
        await using var h = await CloudflareHarness.StartAsync();

        var url = await h.Client.GetWorkerUrlAsync("mcp-a", None);
        var again = await h.Client.GetWorkersDevSubdomainAsync(None);
        await h.Client.GetWorkerUrlAsync("mcp-b", None);

        Assert.Equal(new Uri("https://mcp-a.mcpsaas-fake.workers.dev"), url);
        Assert.Equal("mcpsaas-fake", again);
        var request = Assert.Single(h.Fake.Requests);
        Assert.Equal($"/accounts/{h.Fake.AccountId}/workers/subdomain", request.Path);
    }

    [Fact]
    public async Task Subdomain_NotRegistered_IsStalled_WithTheFix()
    {
        await using var h = await CloudflareHarness.StartAsync(fake: o => o.Subdomain = null);

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.GetWorkersDevSubdomainAsync(None));

        Assert.Equal(CloudflareErrorKind.SubdomainMissing, error.Kind);
        Assert.Equal(CloudflareErrorClass.Stalled, error.Class);
        Assert.Contains("has no workers.dev subdomain", error.Message, StringComparison.Ordinal);
        Assert.Contains("register one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnableWorkersDev_TurnsTheScriptsWorkersDevOn()
    {
        await using var h = await CloudflareHarness.StartAsync();
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);
        Assert.False((await h.Client.GetWorkersDevAsync("mcp-a", None)).Enabled);

        var enabled = await h.Client.EnableWorkersDevAsync("mcp-a", None);

        Assert.True(enabled.Enabled);
        Assert.False(enabled.PreviewsEnabled);
        Assert.True((await h.Client.GetWorkersDevAsync("mcp-a", None)).Enabled);
        Assert.True(h.Fake.Script("mcp-a")!.WorkersDevEnabled);
        Assert.Equal("""{"enabled":true,"previews_enabled":false}""", h.Fake.Requests[^2].BodyText);
    }

    [Fact]
    public async Task ABadToken_IsAuthentication_Stalled_NamingTheKeys_NeverTheToken()
    {
        const string wrong = "wrong-token-Qz8Lm3Np7Rt2";
        await using var h = await CloudflareHarness.StartAsync(client: o => o.ApiToken = wrong);

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.ListScriptsAsync(null, None));

        Assert.Equal(CloudflareErrorKind.Authentication, error.Kind);
        Assert.Equal(CloudflareErrorClass.Stalled, error.Class);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal([10000], error.Codes);
        Assert.Contains("MCPSAAS_Cloudflare__ApiToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, h.Logs.AllText, StringComparison.Ordinal);
        Assert.Single(h.Fake.Requests); // a configuration error is not retried
    }

    [Fact]
    public async Task AReadOnlyToken_IsMissingPermission_NamingThePermission()
    {
        await using var h = await CloudflareHarness.StartAsync(fake: o => o.TokenCanEdit = false);

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None));

        Assert.Equal(CloudflareErrorKind.MissingPermission, error.Kind);
        Assert.Equal(CloudflareErrorClass.Stalled, error.Class);
        Assert.Contains("'Account · Workers Scripts · Edit'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATooLargeScript_IsStalled_SayingTheLimit()
    {
        await using var h = await CloudflareHarness.StartAsync(fake: o => o.MaxScriptBytes = 100);

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None));

        Assert.Equal(CloudflareErrorKind.ScriptTooLarge, error.Kind);
        Assert.Equal([10027], error.Codes);
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fake.Scripts);
    }

    [Fact]
    public async Task TooManyScripts_IsStalled_OnlyForANewScript()
    {
        await using var h = await CloudflareHarness.StartAsync(fake: o => o.MaxScripts = 1);
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None);

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-b"), None));
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a", DurableObjectMigrations.V1), None); // replacing one is fine

        Assert.Equal(CloudflareErrorKind.TooManyScripts, error.Kind);
        Assert.Equal(CloudflareErrorClass.Stalled, error.Class);
        Assert.Contains("delete Workers that are not used", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecretTooLarge_IsStalled_AndTheValueIsNotInTheMessage()
    {
        await using var h = await CloudflareHarness.StartAsync(fake: o => o.MaxVariableBytes = 16);
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a") with { Bindings = [] }, None);
        var value = "secret-" + new string('s', 40);

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.PutSecretAsync("mcp-a", "MCP_SECRET_A_B", value, None));

        Assert.Equal(CloudflareErrorKind.SecretTooLarge, error.Kind);
        Assert.DoesNotContain(value, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecretTextBindingWithoutText_IsValidation10021_WhenNothingKeepsIt()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var upload = Uploads.Small("mcp-a") with { Bindings = [new CloudflareBinding { Type = "secret_text", Name = "MCP_USAGE_TOKEN" }] };

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.UploadScriptAsync(upload, None));

        Assert.Equal(CloudflareErrorKind.Validation, error.Kind);
        Assert.Equal([10021], error.Codes);
        Assert.Contains("MCP_USAGE_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADurableObjectBindingWithoutItsMigration_IsRefused10061()
    {
        await using var h = await CloudflareHarness.StartAsync();

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-a") with { Migrations = null }, None));

        Assert.Equal(CloudflareErrorKind.DurableObjects, error.Kind);
        Assert.Equal([10061], error.Codes);
    }

    [Fact]
    public async Task AMissingScript_IsNotFound_ForItsSettings()
    {
        await using var h = await CloudflareHarness.StartAsync();

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.GetSettingsAsync("mcp-gone", None));

        Assert.Equal(CloudflareErrorKind.NotFound, error.Kind);
        Assert.Equal(404, error.HttpStatus);
    }

    private static string RuntimeCompatibility() => McpSaas.Reconciler.Runtime.RuntimeBundle.DefaultCompatibilityDate;
}
