using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using McpSaas.Testing.Fakes.GitHub;
using ModelContextProtocol.Client;

namespace McpSaas.Webhook.Bench;

/// <summary>
/// <c>--push-to-callable N</c>: the whole GitOps loop, timed. `mcpsaas serve` runs as a process against the fake GitHub
/// (App JWT, installation tokens, git over smart HTTP) on real local workerd; N times a commit adds one tool to a
/// manifest, is pushed and delivered as a signed push, and the clock runs until the official C# MCP client sees the
/// new tool in tools/list. Prints p50/p99 (target p99 &lt; 3 s, aim &lt; 1 s).
/// </summary>
internal static class PushToCallable
{
    private const string Secret = "bench-push-secret-0123456789";

    public static async Task<int> RunAsync(int pushes)
    {
        var cli = Environment.GetEnvironmentVariable("MCPSAAS_CLI_DLL") ?? throw new InvalidOperationException("MCPSAAS_CLI_DLL is not set (bench/webhook/run sets it)");
        var home = Environment.GetEnvironmentVariable("MCPSAAS_HOME") ?? throw new InvalidOperationException("MCPSAAS_HOME is not set");
        var root = Path.Combine(Path.GetTempPath(), $"mcpsaas-bench-push-{Environment.ProcessId}");
        var data = Path.Combine(root, "data");
        var work = Path.Combine(root, "work");
        Directory.CreateDirectory(work);
        await using var github = await FakeGitHub.StartAsync();
        var installation = github.AddInstallation(5, "bench");
        var repository = github.AddRepository(installation, "tools", 500);
        Git(work, "init", "--quiet", "--initial-branch=main");
        var port = FreePort();
        var host = new Uri($"http://127.0.0.1:{port}/");
        var environment = new Dictionary<string, string>
        {
            ["MCPSAAS_HOME"] = home,
            ["MCPSAAS_GitHub__AppId"] = github.Options.AppId.ToString(CultureInfo.InvariantCulture),
            ["MCPSAAS_GitHub__PrivateKey"] = github.PrivateKeyPem,
            ["MCPSAAS_GitHub__WebhookSecret"] = Secret,
            ["MCPSAAS_GitHub__ApiBaseUrl"] = github.ApiBaseUrl.ToString(),
            ["MCPSAAS_GitHub__WebBaseUrl"] = github.BaseUrl.ToString(),
            ["MCPSAAS_Jobs__PollInterval"] = "00:00:00.100",
            ["MCPSAAS_Scheduling__ReconcileInterval"] = "01:00:00",
        };
        await RunCliAsync(cli, environment, "admin", "plan", "bench", "enterprise", "--data", data);
        using var serve = StartCli(cli, environment, "serve", "--urls", host.ToString().TrimEnd('/'), "--data", data);
        using var http = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await WaitAsync(async () => (await http.GetAsync("healthz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60));
            await DeliverAsync(http, "installation", $$"""
                { "action": "created", "installation": { "id": 5, "account": { "login": "bench", "id": 51, "type": "Organization" }, "repository_selection": "selected" },
                  "repositories": [ { "id": 500, "name": "tools", "full_name": "bench/tools", "private": true } ] }
                """);

            // The first deploy, and a key.
            await PushAsync(http, work, repository, 0);
            string? url = null;
            await WaitAsync(async () => (url = await UrlAsync(cli, environment, data)) is not null, TimeSpan.FromSeconds(60));
            var key = (await RunCliAsync(cli, environment, "keys", "create", "bench/tools/bench", "--data", data)).Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("mcps_", StringComparison.Ordinal));
            await WaitAsync(async () => (await ToolsAsync(url!, key)).Contains("fetch"), TimeSpan.FromSeconds(60));

            var samples = new List<double>();
            for (var i = 1; i <= pushes; i++)
            {
                var clock = Stopwatch.StartNew();
                await PushAsync(http, work, repository, i);
                var wanted = $"t{i}_fetch";
                await WaitAsync(async () => (await ToolsAsync(url!, key)).Contains(wanted), TimeSpan.FromSeconds(60));
                samples.Add(clock.Elapsed.TotalSeconds);
            }

            samples.Sort();
            double P(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"signed push → new tool callable on local workerd, {pushes} pushes: p50 {P(0.5):F2} s, p99 {P(0.99):F2} s, max {samples[^1]:F2} s (target p99 < 3 s, aim < 1 s)"));
            return 0;
        }
        finally
        {
            serve.Kill(entireProcessTree: false);
            serve.WaitForExit(10_000);
            await RunCliAsync(cli, environment, "local", "stop", "--data", data);
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task PushAsync(HttpClient http, string work, FakeRepository repository, int tools)
    {
        var aliases = string.Concat(Enumerable.Range(1, tools).Select(i => $"    - use: fetch\n      as: t{i}\n      with: {{ allowedHosts: [example.com] }}\n"));
        await File.WriteAllTextAsync(Path.Combine(work, "mcp.yaml"),
            $"apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata:\n  name: bench\nspec:\n  plan: enterprise\n  tools:\n    - use: fetch\n      with: {{ allowedHosts: [example.com] }}\n{aliases}");
        Git(work, "add", "--all");
        Git(work, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "--quiet", "-m", $"{tools} tools");
        var sha = Git(work, "rev-parse", "HEAD").Trim();
        repository.PushFrom(work, "main");
        await DeliverAsync(http, "push", $$"""
            { "ref": "refs/heads/main", "before": "0000000000000000000000000000000000000000", "after": "{{sha}}", "created": false, "deleted": false, "forced": false,
              "repository": { "id": 500, "name": "tools", "full_name": "bench/tools", "private": true, "owner": { "login": "bench", "id": 51, "type": "Organization" },
                              "default_branch": "main", "clone_url": "{{repository.CloneUrl}}", "pushed_at": {{1_800_000_000 + tools}} },
              "installation": { "id": 5 }, "commits": [] }
            """);
    }

    private static async Task<IReadOnlyList<string>> ToolsAsync(string url, string key)
    {
        try
        {
            var transport = new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(url),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
            });
            await using var client = await McpClient.CreateAsync(transport);
            return [.. (await client.ListToolsAsync()).Select(t => t.Name)];
        }
        catch (Exception e) when (e is HttpRequestException or ModelContextProtocol.McpException or IOException)
        {
            return [];
        }
    }

    private static async Task<string?> UrlAsync(string cli, Dictionary<string, string> environment, string data)
    {
        var list = await RunCliAsync(cli, environment, "servers", "list", "--json", "--data", data);
        using var json = System.Text.Json.JsonDocument.Parse(list);
        return json.RootElement.GetProperty("servers").EnumerateArray()
            .Where(s => s.GetProperty("state").GetString() == "ready").Select(s => s.GetProperty("url").GetString()).FirstOrDefault();
    }

    private static async Task DeliverAsync(HttpClient http, string eventName, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            try
            {
                if (await done())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not up yet
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"not done within {timeout}");
    }

    private static Process StartCli(string cli, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("mcpsaas did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> RunCliAsync(string cli, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("mcpsaas did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private static string Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
