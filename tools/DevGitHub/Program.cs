using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using McpSaas.Testing.Fakes.GitHub;

namespace McpSaas.Tools.DevGitHub;

/// <summary>
/// <c>dev-github --folder DIR --serve URL --env-file FILE</c>: a fake GitHub App on loopback with one installation
/// (<c>dev</c>) and one repository mirroring <c>DIR</c>; writes the <c>MCPSAAS_GitHub__*</c> settings for <c>serve</c>
/// to FILE; once <c>serve</c> answers, delivers <c>installation created</c>, then commits every change of DIR to the
/// repository's <c>main</c> and delivers a signed <c>push</c> for it. Ctrl-C stops it.
/// </summary>
internal static class Program
{
    private const long InstallationId = 1;
    private const long RepositoryId = 1001;

    public static async Task<int> Main(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("usage: dev-github --folder DIR --serve URL --env-file FILE");
            return 2;
        }

        var (folder, serve, envFile) = options.Value;
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

        await using var github = await FakeGitHub.StartAsync();
        var installation = github.AddInstallation(InstallationId, "dev");
        var name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/'));
        var repository = github.AddRepository(installation, name, RepositoryId);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var work = Path.Combine(Path.GetTempPath(), "mcpsaas-dev-github", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        Git(work, "init", "--quiet", "--initial-branch=main");

        await File.WriteAllTextAsync(envFile, string.Join('\n',
            $"export MCPSAAS_GitHub__AppId={github.Options.AppId}",
            $"export MCPSAAS_GitHub__PrivateKey='{github.PrivateKeyPem}'",
            $"export MCPSAAS_GitHub__WebhookSecret={secret}",
            $"export MCPSAAS_GitHub__ApiBaseUrl={github.ApiBaseUrl}",
            $"export MCPSAAS_GitHub__WebBaseUrl={github.BaseUrl}",
            "") + "\n");
        Console.WriteLine($"dev-github: fake GitHub App on {github.BaseUrl}; installation {InstallationId} on 'dev', repository dev/{name} mirrors {Path.GetFullPath(folder)}");

        using var http = new HttpClient { BaseAddress = new Uri(serve.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
        while (!stop.IsCancellationRequested && !await AnswersAsync(http, stop.Token))
        {
            await Task.Delay(500, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (stop.IsCancellationRequested)
        {
            return 0;
        }

        await DeliverAsync(http, secret, "installation", $$"""
            { "action": "created", "installation": { "id": {{InstallationId}}, "account": { "login": "dev", "id": 11, "type": "Organization" }, "repository_selection": "selected" },
              "repositories": [ { "id": {{RepositoryId}}, "name": "{{name}}", "full_name": "dev/{{name}}", "private": true } ] }
            """, stop.Token);

        string? pushed = null;
        var delivered = 0;
        while (!stop.IsCancellationRequested)
        {
            var head = Sync(folder, work);
            if (head is not null && head != pushed)
            {
                repository.PushFrom(work, "main");
                await DeliverAsync(http, secret, "push", $$"""
                    { "ref": "refs/heads/main", "before": "{{pushed ?? new string('0', 40)}}", "after": "{{head}}", "created": {{(pushed is null ? "true" : "false")}}, "deleted": false, "forced": false,
                      "repository": { "id": {{RepositoryId}}, "name": "{{name}}", "full_name": "dev/{{name}}", "private": true, "owner": { "login": "dev", "id": 11, "type": "Organization" },
                                      "default_branch": "main", "clone_url": "{{repository.CloneUrl}}", "pushed_at": {{DateTimeOffset.UtcNow.ToUnixTimeSeconds() + delivered}} },
                      "installation": { "id": {{InstallationId}} }, "commits": [] }
                    """, stop.Token);
                Console.WriteLine($"dev-github: pushed {head[..7]} to dev/{name} main");
                pushed = head;
                delivered++;
            }

            await Task.Delay(1000, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return 0;
    }

    /// <summary>Copies the folder's manifests into the work tree and commits when anything changed; the head commit.</summary>
    private static string? Sync(string folder, string work)
    {
        foreach (var old in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.git/", StringComparison.Ordinal)))
        {
            File.Delete(old);
        }

        foreach (var file in Directory.EnumerateFiles(folder, "mcp.y*ml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(work, Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        Git(work, "add", "--all");
        if (Git(work, "status", "--porcelain").Length > 0)
        {
            Git(work, "-c", "user.name=dev", "-c", "user.email=dev@localhost", "commit", "--quiet", "-m", $"dev-github sync {DateTimeOffset.UtcNow:O}");
        }

        return Git(work, "rev-parse", "--verify", "--quiet", "HEAD").Trim() is { Length: 40 } head ? head : null;
    }

    private static async Task DeliverAsync(HttpClient http, string secret, string eventName, string json, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var response = await http.SendAsync(request, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dev-github: {eventName} delivered: {(int)response.StatusCode}"));
    }

    private static async Task<bool> AnswersAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("healthz", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static string Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : "";
    }

    private static (string Folder, string Serve, string EnvFile)? Parse(string[] args)
    {
        string? folder = null, serve = null, env = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--folder": folder = args[i + 1]; break;
                case "--serve": serve = args[i + 1]; break;
                case "--env-file": env = args[i + 1]; break;
                default: return null;
            }
        }

        return folder is null || serve is null || env is null || !Directory.Exists(folder) ? null : (folder, serve, env);
    }
}
