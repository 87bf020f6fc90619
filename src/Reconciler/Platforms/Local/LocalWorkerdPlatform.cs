using System.Text.Json;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Runtime;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>
/// The embedded default platform: every deployed Worker is a folder under <c>&lt;data&gt;/local/workers/</c>
/// (modules + <c>deployment.json</c>, no secret values), served by one workerd behind a router on one stable
/// loopback port. Deploys and deletes are written to disk at once; <see cref="CommitAsync"/> restarts workerd
/// when the rendered config changed. What is deployed survives McpSaas restarts: observe reads the disk.
/// </summary>
public sealed class LocalWorkerdPlatform : IWorkerPlatform
{
    private readonly LocalPlatformOptions _options;
    private readonly ISecretResolver _secrets;
    private readonly WorkerdProcess _process;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ((long, DateTime) Stamp, string Sha256)> _fileHashes = new(StringComparer.Ordinal);

    public LocalWorkerdPlatform(LocalPlatformOptions options, ISecretResolver secrets, TimeProvider time)
    {
        _options = options;
        _secrets = secrets;
        _process = new WorkerdProcess(options, time);
        Directory.CreateDirectory(WorkersRoot);
    }

    public string Name => "local";

    public string BaseUrl => $"http://127.0.0.1:{_options.Port}";

    private string WorkersRoot => Path.Combine(_options.Root, "workers");

    public EndpointProfile Endpoint(ServerIdentity identity, string scriptName)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new EndpointProfile(
            $"{BaseUrl}{Route(identity.Id)}",
            [$"127.0.0.1:{_options.Port}", $"localhost:{_options.Port}"],
            _options.UsageUrl);
    }

    public static string Route(ServerId id) => $"/{Uri.EscapeDataString(id.Org)}/{Uri.EscapeDataString(id.Repo)}/{Uri.EscapeDataString(id.Name)}";

    public Task<IReadOnlyList<DeployedWorker>> ObserveAsync(string owner, CancellationToken cancellationToken)
    {
        var result = new List<DeployedWorker>();
        foreach (var deployment in ReadDeployments())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (deployment.Ownership.Owner != owner)
            {
                continue;
            }

            result.Add(new DeployedWorker(deployment.ScriptName, deployment.Ownership, ActualHash(deployment), BaseUrl + deployment.Route));
        }

        return Task.FromResult<IReadOnlyList<DeployedWorker>>(result);
    }

    public async Task DeployAsync(DesiredWorker worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        using var held = Lock();
        var final = Path.Combine(WorkersRoot, worker.ScriptName);
        var staging = Path.Combine(WorkersRoot, $".staging-{worker.ScriptName}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var module in worker.Modules)
            {
                var path = Path.Combine(staging, module.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, module.Content, cancellationToken);
            }

            var record = new LocalDeployment
            {
                ScriptName = worker.ScriptName,
                Ownership = worker.Ownership,
                Route = Route(worker.Id),
                CompatibilityDate = worker.CompatibilityDate,
                CompatibilityFlags = [.. worker.CompatibilityFlags],
                Modules = [.. worker.Modules.Select(m => new LocalModule(m.Name, m.Sha256))],
                Bindings = [.. worker.Bindings],
            };
            // deployment.json is written last: a folder without it is an unfinished deploy and is ignored.
            await File.WriteAllTextAsync(Path.Combine(staging, "deployment.json"),
                JsonSerializer.Serialize(record, LocalJsonContext.Default.LocalDeployment), cancellationToken);

            // Swap in: the old folder moves aside, the new one takes its place, the old one goes.
            var retired = Path.Combine(WorkersRoot, $".retired-{worker.ScriptName}-{Guid.NewGuid():N}");
            if (Directory.Exists(final))
            {
                Directory.Move(final, retired);
            }

            Directory.Move(staging, final);
            if (Directory.Exists(retired))
            {
                Directory.Delete(retired, recursive: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    public Task DeleteAsync(DeployedWorker worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        using var held = Lock();
        var folder = Path.Combine(WorkersRoot, worker.ScriptName);
        var record = ReadDeployment(folder);
        if (record is null)
        {
            return Task.CompletedTask; // already gone
        }

        if (record.Ownership.Owner != worker.Ownership.Owner || record.Ownership.StableKey != worker.Ownership.StableKey)
        {
            throw new LocalPlatformException($"refusing to delete {worker.ScriptName}: it is not owned by this McpSaas server");
        }

        var retired = Path.Combine(WorkersRoot, $".retired-{worker.ScriptName}-{Guid.NewGuid():N}");
        Directory.Move(folder, retired);
        Directory.Delete(retired, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Renders the config from what is on disk and (re)starts workerd when it differs from the running one.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        using var held = Lock();
        CleanLeftovers();
        var deployments = ReadDeployments();
        var config = WorkerdConfigRenderer.Render(deployments, _options.Port, _options.UsageAddress, _options.OutboundAllow,
            Path.Combine(_options.Root, "do"));
        var running = _process.Running();
        if (running is not null && running.ConfigHash == config.Hash && running.Port == _options.Port)
        {
            return;
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in config.SecretEnvironment)
        {
            var binding = secret.Deployment.Bindings.OfType<SecretTextBinding>().Single(b => b.Name == secret.Binding);
            environment[secret.Variable] = await _secrets.ResolveAsync(secret.Deployment.Ownership.ServerId, binding.Source, cancellationToken);
        }

        Directory.CreateDirectory(Path.Combine(_options.Root, "do"));
        var configPath = Path.Combine(_options.Root, "workerd.capnp");
        await File.WriteAllTextAsync(Path.Combine(_options.Root, WorkerdConfigRenderer.RouterFile), config.RouterModule, cancellationToken);
        await File.WriteAllTextAsync(configPath, config.Capnp, cancellationToken);

        await _process.StopAsync(cancellationToken);
        await _process.StartAsync(configPath, config.Hash, deployments.Count, environment, cancellationToken);
    }

    /// <summary>The running workerd, or null.</summary>
    public WorkerdPidFile? Status() => _process.Running();

    /// <summary>Stops workerd (SIGTERM, then SIGKILL after the grace period). True when it was running.</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        using var held = Lock();
        return await _process.StopAsync(cancellationToken);
    }

    private List<LocalDeployment> ReadDeployments()
    {
        var result = new List<LocalDeployment>();
        foreach (var folder in Directory.EnumerateDirectories(WorkersRoot).Order(StringComparer.Ordinal))
        {
            if (!Path.GetFileName(folder).StartsWith('.') && ReadDeployment(folder) is { } record)
            {
                result.Add(record);
            }
        }

        return result;
    }

    private static LocalDeployment? ReadDeployment(string folder)
    {
        var path = Path.Combine(folder, "deployment.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), LocalJsonContext.Default.LocalDeployment);
        }
        catch (JsonException e)
        {
            throw new LocalPlatformException($"{path} is damaged ({e.Message}): delete that folder and apply again", e);
        }
    }

    /// <summary>The content hash of what is really on disk: module files as they are now, with the recorded bindings.</summary>
    private string ActualHash(LocalDeployment deployment)
    {
        var folder = Path.Combine(WorkersRoot, deployment.ScriptName);
        var modules = deployment.Modules.Select(m => new WorkerModule(m.Name, "", FileSha256(Path.Combine(folder, m.Name)))).ToList();
        return DeploymentHash.Compute(modules, deployment.Bindings, deployment.CompatibilityDate, deployment.CompatibilityFlags);
    }

    /// <summary>
    /// SHA-256 of a module file as it is now, remembered by path, size and write time: observe runs on every
    /// reconcile (every few seconds under <c>up</c>), and re-reading every module each time would be the hot path.
    /// </summary>
    private string FileSha256(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return "missing";
        }

        var stamp = (info.Length, info.LastWriteTimeUtc);
        if (_fileHashes.TryGetValue(path, out var known) && known.Stamp == stamp)
        {
            return known.Sha256;
        }

        var sha = Hashing.ContentHash.Sha256Hex(File.ReadAllText(path));
        _fileHashes[path] = (stamp, sha);
        return sha;
    }

    private void CleanLeftovers()
    {
        foreach (var folder in Directory.EnumerateDirectories(WorkersRoot, ".*"))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One writer per data folder at a time: a second process (another terminal) waits, up to a minute.</summary>
    private FileStream Lock()
    {
        var path = Path.Combine(_options.Root, "platform.lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(100); // another apply of this data folder is running: wait (up to a minute)
            }
        }
    }
}
