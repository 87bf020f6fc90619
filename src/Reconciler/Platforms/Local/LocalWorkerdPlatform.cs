using System.Text.Json;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>
/// The embedded default platform: every deployed Worker is a folder under <c>&lt;data&gt;/local/workers/</c>
/// (modules, <c>deployment.json</c> without secret values, and its secret values sealed in <c>secrets.json</c>),
/// served by one workerd behind a router on one stable loopback port. Writes go to disk at once, keeping what they
/// replace until <see cref="CommitAsync"/> restarts workerd with the new config; when the new config does not start,
/// the replaced folders come back and the previous config serves again. What is deployed survives McpSaas restarts
/// (listing reads the disk) and needs nothing from the secret store to start again.
/// </summary>
public sealed partial class LocalWorkerdPlatform : IWorkerPlatform
{
    private const string PreviousPrefix = ".previous-";

    /// <summary>
    /// What the secret values of all local servers may add up to in workerd's environment (Linux allows 2 MiB of
    /// arguments and environment in all, and 128 KiB per string): past it a start would fail with "argument list too long".
    /// </summary>
    public const int MaxEnvironmentBytes = 1024 * 1024;

    private readonly LocalPlatformOptions _options;
    private readonly LocalSecretVault _vault;
    private readonly WorkerdProcess _process;
    private readonly ILogger _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ((long, DateTime) Stamp, string Sha256)> _fileHashes = new(StringComparer.Ordinal);

    /// <summary>Scripts written since the last commit (their replaced folders wait as <c>.previous-&lt;script&gt;-…</c>).</summary>
    private readonly Dictionary<string, string?> _pending = new(StringComparer.Ordinal);

    public LocalWorkerdPlatform(LocalPlatformOptions options, ISecretsKeyProvider keys, TimeProvider time, ILogger<LocalWorkerdPlatform>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _vault = new LocalSecretVault(keys);
        _process = new WorkerdProcess(options, time);
        _logger = logger ?? (ILogger)NullLogger.Instance;
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

    public static string Route(ServerId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return $"/{Uri.EscapeDataString(id.Org)}/{Uri.EscapeDataString(id.Repo)}/{Uri.EscapeDataString(id.Name)}";
    }

    public ValueTask PrepareAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Every deployed Worker on disk; a folder whose <c>deployment.json</c> is damaged is left out (logged), so it hurts only its own server.</summary>
    public Task<IReadOnlyList<DeployedWorker>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<DeployedWorker>();
        foreach (var deployment in ReadDeployments())
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new DeployedWorker(deployment.ScriptName, deployment.Ownership, ActualHash(deployment), null, BaseUrl + deployment.Route));
        }

        return Task.FromResult<IReadOnlyList<DeployedWorker>>(result);
    }

    public async Task<DeployReceipt> DeployAsync(WorkerDeployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var worker = deployment.Worker;
        var record = new LocalDeployment
        {
            ScriptName = worker.ScriptName,
            Ownership = worker.Ownership,
            Route = KeptRoute(worker.ScriptName) ?? Route(worker.Id),
            CompatibilityDate = worker.CompatibilityDate,
            CompatibilityFlags = [.. worker.CompatibilityFlags],
            Modules = [.. worker.Modules.Select(m => new LocalModule(m.Name, m.Sha256))],
            Bindings = [.. worker.Bindings],
        };
        var secrets = worker.Bindings.OfType<SecretTextBinding>()
            .Select(b => (b, deployment.Secrets.TryGetValue(b.Name, out var v) ? v : throw new ArgumentException($"no value given for the secret binding {b.Name}", nameof(deployment))))
            .ToList();
        using var held = Lock();
        if (ReadExisting(Path.Combine(WorkersRoot, worker.ScriptName)) is { } existing && !existing.Ownership.IsSameServer(worker.Ownership))
        {
            throw new PlatformException(ErrorClass.Stalled, $"refusing to deploy to {worker.ScriptName}: the Worker of that name is not owned by this McpSaas server");
        }

        await WriteAsync(record, async staging =>
        {
            foreach (var module in worker.Modules)
            {
                var path = Path.Combine(staging, module.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, module.Content, cancellationToken).ConfigureAwait(false);
            }
        }, secrets, cancellationToken).ConfigureAwait(false);
        return new DeployReceipt(worker.ContentHash, null, null, BaseUrl + record.Route);
    }

    public async Task<DeployReceipt> RebindAsync(WorkerRebind rebind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rebind);
        using var held = Lock();
        var folder = Path.Combine(WorkersRoot, rebind.ScriptName);
        var current = ReadDeployment(folder)
            ?? throw new PlatformException(ErrorClass.Transient, $"{rebind.ScriptName} is not deployed on the local platform: it cannot be rebound");
        var values = await _vault.ReadAsync(folder, current, cancellationToken).ConfigureAwait(false);
        var json = rebind.Json.ToDictionary(b => b.Name, StringComparer.Ordinal);
        var secrets = rebind.Secrets.ToDictionary(s => s.Binding.Name, StringComparer.Ordinal);
        var bindings = current.Bindings.Select(b => b switch
        {
            JsonBinding j when json.TryGetValue(j.Name, out var next) => next,
            SecretTextBinding s when secrets.TryGetValue(s.Name, out var next) => next.Binding,
            _ => b,
        }).ToList();
        foreach (var (name, secret) in secrets)
        {
            values[name] = secret.Value;
        }

        var record = new LocalDeployment
        {
            ScriptName = current.ScriptName,
            Ownership = rebind.Ownership,
            Route = current.Route,
            CompatibilityDate = current.CompatibilityDate,
            CompatibilityFlags = current.CompatibilityFlags,
            Modules = current.Modules,
            Bindings = bindings,
        };
        await WriteAsync(record, staging =>
        {
            foreach (var module in current.Modules)
            {
                var target = Path.Combine(staging, module.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(folder, module.Name), target);
            }

            return Task.CompletedTask;
        }, bindings.OfType<SecretTextBinding>().Select(b => (b, values[b.Name])), cancellationToken).ConfigureAwait(false);
        return new DeployReceipt(ActualHash(record), null, null, BaseUrl + record.Route);
    }

    /// <summary>
    /// The route a Worker already has: kept on redeploy, so a server whose readable id changed while its identity did
    /// not (a GitHub repository renamed: the script name comes from ids) keeps its URL.
    /// </summary>
    private string? KeptRoute(string scriptName)
    {
        try
        {
            return ReadDeployment(Path.Combine(WorkersRoot, scriptName))?.Route;
        }
        catch (LocalPlatformException)
        {
            return null; // damaged: it gets the route of its current id
        }
    }

    public Task DeleteAsync(DeployedWorker worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        using var held = Lock();
        var folder = Path.Combine(WorkersRoot, worker.ScriptName);
        if (!Directory.Exists(folder))
        {
            return Task.CompletedTask; // already gone
        }

        if (ReadDeployment(folder) is { } record
            && (worker.Ownership is not { } owned || !record.Ownership.IsSameServer(owned)))
        {
            throw new PlatformException(ErrorClass.Stalled, $"refusing to delete {worker.ScriptName}: it is not owned by this McpSaas server");
        }

        SetAside(worker.ScriptName, folder);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Renders the config from what is on disk and, when it differs from the running one, starts a new workerd beside
    /// the running one (same port), which is stopped only once the new one answers for every server. When the new
    /// config does not start, the running workerd is left serving and the writes since the last commit are rolled back;
    /// with several writes, each is then tried alone, so one server's bad version does not hold back the others. A
    /// runtime that is down (stopped, crashed, rebooted) is started again even when nothing changed, and a failure to
    /// do so is an error, never a silent "no changes".
    /// </summary>
    public async Task<CommitResult> CommitAsync(CancellationToken cancellationToken)
    {
        using var held = Lock();
        CleanLeftovers();
        if (await TryStartAsync(cancellationToken).ConfigureAwait(false) is not { } error)
        {
            Settle();
            return CommitResult.AllLive;
        }

        Log.StartFailed(_logger, error.Message);
        if (_pending.Count == 0)
        {
            throw new PlatformException(ErrorClass.Transient, $"the local runtime does not start: {error.Message}", inner: error);
        }

        var failed = new Dictionary<string, PlatformFailure>(StringComparer.Ordinal);
        if (_pending.Count == 1)
        {
            failed[_pending.Keys.Single()] = new PlatformFailure(ErrorClass.Stalled,
                $"workerd did not start with this server's new version, so it was rolled back and the previous one serves: {error.Message}");
        }
        else
        {
            // Several writes: take them all back, then try each alone on top of what serves.
            var candidates = TakeBackForRetry();
            foreach (var (script, candidate) in candidates)
            {
                var folder = Path.Combine(WorkersRoot, script);
                if (Directory.Exists(folder))
                {
                    SetAside(script, folder);
                }
                else
                {
                    _pending.TryAdd(script, null);
                }

                if (candidate is not null)
                {
                    Directory.Move(candidate, folder);
                }

                if (await TryStartAsync(cancellationToken).ConfigureAwait(false) is { } alone)
                {
                    failed[script] = new PlatformFailure(ErrorClass.Stalled,
                        $"workerd did not start with this server's new version, so it was rolled back and the previous one serves: {alone.Message}");
                    RollBack();
                }
                else
                {
                    Settle();
                }
            }

            return new CommitResult(failed);
        }

        RollBack();
        if (_process.Running() is null && await TryStartAsync(cancellationToken).ConfigureAwait(false) is { } again)
        {
            throw new PlatformException(ErrorClass.Transient, $"the local runtime does not start, with or without the new changes: {again.Message}", inner: again);
        }

        return new CommitResult(failed);
    }

    /// <summary>The running workerd, or null.</summary>
    public WorkerdPidFile? Status() => _process.Running();

    /// <summary>Stops workerd (SIGTERM, then SIGKILL after the grace period). True when it was running.</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        using var held = Lock();
        return await _process.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<(WorkerdConfig Config, Dictionary<string, string> Environment, IReadOnlyList<string> Routes)> RenderAsync(CancellationToken cancellationToken)
    {
        var deployments = new List<LocalDeployment>();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var deployment in ReadDeployments())
        {
            try
            {
                var values = await _vault.ReadAsync(Path.Combine(WorkersRoot, deployment.ScriptName), deployment, cancellationToken).ConfigureAwait(false);
                foreach (var (binding, value) in values)
                {
                    environment[WorkerdConfigRenderer.SecretVariable(deployment, binding)] = value.Reveal();
                }

                deployments.Add(deployment);
            }
            catch (PlatformException e)
            {
                Log.Skipped(_logger, deployment.ScriptName, e.Message); // that server is not served; the others are
            }
        }

        var config = WorkerdConfigRenderer.Render(deployments, _options.Port, _options.UsageAddress, _options.OutboundAllow, Path.Combine(_options.Root, "do"));
        return (config, environment, [.. deployments.Select(d => d.Route)]);
    }

    /// <summary>Starts workerd with what is on disk unless it already runs exactly that; null on success, else why not.</summary>
    private async Task<LocalPlatformException?> TryStartAsync(CancellationToken cancellationToken)
    {
        var (config, environment, routes) = await RenderAsync(cancellationToken).ConfigureAwait(false);
        var running = _process.Running();
        if (running is not null && running.ConfigHash == config.Hash && running.Port == _options.Port)
        {
            return null;
        }

        var size = environment.Sum(e => e.Key.Length + e.Value.Length + 2);
        if (size > MaxEnvironmentBytes)
        {
            return new LocalPlatformException(
                $"the servers' secret values add up to {size:N0} bytes, more than the {MaxEnvironmentBytes:N0} bytes the local runtime passes to workerd: remove a server or a large secret");
        }

        Directory.CreateDirectory(Path.Combine(_options.Root, "do"));
        var configPath = Path.Combine(_options.Root, "workerd.capnp");
        await File.WriteAllTextAsync(Path.Combine(_options.Root, WorkerdConfigRenderer.RouterFile), config.RouterModule, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(configPath, config.Capnp, cancellationToken).ConfigureAwait(false);
        try
        {
            await _process.StartAsync(configPath, config.Hash, config.Workers, environment, routes, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (LocalPlatformException e)
        {
            return e;
        }
    }

    /// <summary>Every write of the batch goes back to what it replaced; the written folders wait aside (as candidates) to be tried one by one.</summary>
    private List<(string Script, string? Candidate)> TakeBackForRetry()
    {
        var candidates = new List<(string, string?)>();
        foreach (var (script, aside) in _pending.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var folder = Path.Combine(WorkersRoot, script);
            string? candidate = null;
            if (Directory.Exists(folder))
            {
                candidate = Path.Combine(WorkersRoot, $".candidate-{script}-{Guid.NewGuid():N}");
                Directory.Move(folder, candidate);
            }

            if (aside is not null && Directory.Exists(aside))
            {
                Directory.Move(aside, folder);
            }

            candidates.Add((script, candidate));
        }

        _pending.Clear();
        return candidates;
    }

    /// <summary>Writes a Worker's folder in a staging folder and swaps it in, keeping the one it replaces until the commit.</summary>
    private async Task WriteAsync(LocalDeployment record, Func<string, Task> writeModules, IEnumerable<(SecretTextBinding Binding, SecretValue Value)> secrets, CancellationToken cancellationToken)
    {
        var final = Path.Combine(WorkersRoot, record.ScriptName);
        var staging = Path.Combine(WorkersRoot, $".staging-{record.ScriptName}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            await writeModules(staging).ConfigureAwait(false);
            await _vault.WriteAsync(staging, record.ScriptName, secrets, cancellationToken).ConfigureAwait(false);

            // deployment.json is written last: a folder without it is an unfinished deploy and is ignored.
            await File.WriteAllTextAsync(Path.Combine(staging, "deployment.json"),
                JsonSerializer.Serialize(record, LocalJsonContext.Default.LocalDeployment), cancellationToken).ConfigureAwait(false);

            if (Directory.Exists(final))
            {
                SetAside(record.ScriptName, final);
            }
            else
            {
                _pending.TryAdd(record.ScriptName, null);
            }

            Directory.Move(staging, final);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Moves a Worker's folder aside until the commit: the first one replaced since the last commit is what a rollback restores.</summary>
    private void SetAside(string scriptName, string folder)
    {
        if (_pending.ContainsKey(scriptName))
        {
            Directory.Delete(folder, recursive: true); // written earlier in this batch: the folder to restore is already aside (or there is none)
            return;
        }

        var aside = Path.Combine(WorkersRoot, $"{PreviousPrefix}{scriptName}-{Guid.NewGuid():N}");
        Directory.Move(folder, aside);
        _pending[scriptName] = aside;
    }

    /// <summary>The batch is live: what it replaced goes.</summary>
    private void Settle()
    {
        foreach (var aside in _pending.Values.OfType<string>())
        {
            if (Directory.Exists(aside))
            {
                Directory.Delete(aside, recursive: true);
            }
        }

        _pending.Clear();
    }

    /// <summary>The batch did not start: each written folder goes and what it replaced comes back.</summary>
    private void RollBack()
    {
        foreach (var (script, aside) in _pending)
        {
            var folder = Path.Combine(WorkersRoot, script);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            if (aside is not null && Directory.Exists(aside))
            {
                Directory.Move(aside, folder);
            }
        }

        _pending.Clear();
    }

    private List<LocalDeployment> ReadDeployments()
    {
        var result = new List<LocalDeployment>();
        foreach (var folder in Directory.EnumerateDirectories(WorkersRoot).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(folder).StartsWith('.'))
            {
                continue;
            }

            try
            {
                if (ReadDeployment(folder) is { } record)
                {
                    result.Add(record);
                }
            }
            catch (LocalPlatformException e)
            {
                Log.Skipped(_logger, Path.GetFileName(folder), e.Message);
            }
        }

        return result;
    }

    /// <summary>The deployment in a folder, or null when there is none or it cannot be read (a damaged record is replaced).</summary>
    private static LocalDeployment? ReadExisting(string folder)
    {
        try
        {
            return ReadDeployment(folder);
        }
        catch (LocalPlatformException)
        {
            return null;
        }
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
            var record = JsonSerializer.Deserialize(File.ReadAllText(path), LocalJsonContext.Default.LocalDeployment);
            return record is not null && record.ScriptName == Path.GetFileName(folder)
                ? record
                : throw new LocalPlatformException($"{path} does not describe the Worker of its folder: redeploy that server");
        }
        catch (JsonException e)
        {
            throw new LocalPlatformException($"{path} is damaged ({e.Message}): redeploy that server (apply)", e);
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
    /// SHA-256 of a module file as it is now, remembered by path, size and write time: listing runs on every
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

    /// <summary>Unfinished staging folders, and folders set aside by a process that died before its commit.</summary>
    private void CleanLeftovers()
    {
        var waiting = _pending.Values.OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(WorkersRoot, ".*").Where(f => !waiting.Contains(f)))
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Local Worker {Script} is not served: {Error}")]
        public static partial void Skipped(ILogger logger, string script, string error);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "workerd did not start: {Error}")]
        public static partial void StartFailed(ILogger logger, string error);
    }
}
