using System.Diagnostics;

namespace McpSaas.WorkerRuntime.Tests;

/// <summary>
/// Makes sure worker-runtime has its packages and a built dist/ before a test starts workerd.
/// scripts/test builds it before the .NET suites; this covers `dotnet test` on its own. One process at a time
/// (a lock file), and only when something is missing.
/// </summary>
internal static class RuntimeBuild
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var runtime = RepositoryPaths.WorkerRuntime;
            using var fileLock = await AcquireLockAsync(Path.Combine(runtime, ".build.lock"), cancellationToken);
            if (!File.Exists(Path.Combine(runtime, "node_modules", ".package-lock.json")))
            {
                await RunAsync("npm", "ci --no-audit --no-fund --loglevel=error", runtime, cancellationToken);
            }

            if (!File.Exists(Path.Combine(runtime, "dist", "runtime.mjs")) || !File.Exists(Path.Combine(runtime, "dist", "tools", "conformance.mjs")))
            {
                await RunAsync("npm", "run --silent build", runtime, cancellationToken);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static async Task RunAsync(string file, string arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {arguments}` in {workingDirectory} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }
}
