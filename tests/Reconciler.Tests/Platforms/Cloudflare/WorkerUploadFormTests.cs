using System.Text;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Tests.Support;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

public sealed class WorkerUploadFormTests
{
    [Fact]
    public void Build_RendersTheUpload_ExactlyAsTheGoldenFile()
    {
        var upload = Uploads.Small("mcp-local-examples-team-bb47c9e861") with
        {
            Bindings = [.. Uploads.ContractBindings("mcp-local-examples-team-bb47c9e861", "local/examples/team", "https://platform.example/api/usage", """["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]"""),
                CloudflareBinding.ServiceBinding("USAGE", "mcpsaas-usage")],
        };

        var form = WorkerUploadForm.Build(upload);

        Golden.Matches("Golden/upload.multipart.txt", Encoding.UTF8.GetString(form.Body));
    }

    [Fact]
    public void Build_WritesPartHeadersByHand_WithCrlf_AndNoFilenameStar()
    {
        var form = WorkerUploadForm.Build(Uploads.Small("mcp-a"));
        var text = Encoding.UTF8.GetString(form.Body);

        Assert.DoesNotContain("filename*", text, StringComparison.Ordinal);
        Assert.StartsWith($"--{form.Boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{{\"main_module\":\"main.mjs\",", text, StringComparison.Ordinal);
        Assert.Contains($"\r\n--{form.Boundary}\r\nContent-Disposition: form-data; name=\"tools/fetch.mjs\"; filename=\"tools/fetch.mjs\"\r\nContent-Type: application/javascript+module\r\n\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith($"\r\n--{form.Boundary}--\r\n", text, StringComparison.Ordinal);
        Assert.Equal($"multipart/form-data; boundary={form.Boundary}", form.ContentType);
    }

    [Fact]
    public void Build_IsDeterministic_AndTheBoundaryFollowsTheContent()
    {
        var a = WorkerUploadForm.Build(Uploads.Small("mcp-a"));
        var b = WorkerUploadForm.Build(Uploads.Small("mcp-a"));
        var c = WorkerUploadForm.Build(Uploads.Small("mcp-a", contentHash: new string('e', 64)));

        Assert.Equal(a.Body, b.Body);
        Assert.NotEqual(a.Boundary, c.Boundary);
    }

    [Fact]
    public void Build_PicksABoundaryThatNoPartContains()
    {
        var plain = WorkerUploadForm.Build(Uploads.Small("mcp-a"));
        var tricky = Uploads.Small("mcp-a") with
        {
            Modules = [.. Uploads.Small("mcp-a").Modules, UploadModule.EsModule("x.mjs", $"// --{plain.Boundary}\n")],
        };

        var form = WorkerUploadForm.Build(tricky);

        var occurrences = Encoding.UTF8.GetString(form.Body).Split("--" + form.Boundary).Length - 1;
        Assert.Equal(tricky.Modules.Count + 2, occurrences); // one per part, and the closing one
    }

    [Fact]
    public void Build_CarriesNoSecretValue_SecretsAreKept()
    {
        var text = Encoding.UTF8.GetString(WorkerUploadForm.Build(Uploads.Small("mcp-a")).Body);

        Assert.Contains("\"keep_bindings\":[\"secret_text\",\"secret_key\"]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret_text\",\"name", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("has.dot")]
    [InlineData("")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Build_RefusesAScriptNameCloudflareRefuses(string name) =>
        Assert.Throws<ArgumentException>(() => WorkerUploadForm.Build(Uploads.Small("mcp-a") with { ScriptName = name }));

    [Fact]
    public void Build_RefusesUploadsTheApiWouldRefuse()
    {
        var upload = Uploads.Small("mcp-a");

        Assert.Throws<ArgumentException>(() => WorkerUploadForm.Build(upload with { MainModule = "missing.mjs" }));
        Assert.Throws<ArgumentException>(() => WorkerUploadForm.Build(upload with { CompatibilityDate = "" }));
        Assert.Throws<ArgumentException>(() => WorkerUploadForm.Build(upload with { Tags = [.. Enumerable.Range(0, 9).Select(i => $"t{i}")] }));
        Assert.Throws<ArgumentException>(() => WorkerUploadForm.Build(upload with { Tags = ["a,b"] }));
        Assert.Throws<ArgumentException>(() => WorkerUploadForm.Build(upload with { Modules = [.. upload.Modules, UploadModule.EsModule("main.mjs", "")] }));
        Assert.Throws<ArgumentException>(() => WorkerUploadForm.Build(upload with { Modules = [.. upload.Modules, UploadModule.EsModule("a\"b.mjs", "")] }));
        Assert.Throws<ArgumentException>(() => WorkerUploadForm.Build(upload with { Bindings = [new CloudflareBinding { Type = "kv_namespace", Name = "KV" }] }));
        Assert.Throws<ArgumentException>(() => WorkerUploadForm.Build(upload with { Bindings = [CloudflareBinding.PlainText("A", "1"), CloudflareBinding.PlainText("A", "2")] }));
    }
}
