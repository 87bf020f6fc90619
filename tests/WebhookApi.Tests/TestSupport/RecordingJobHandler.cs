using System.Collections.Concurrent;
using McpSaas.Reconciler.Jobs;

namespace McpSaas.WebhookApi.Tests.TestSupport;

/// <summary>
/// A hand-written job handler that records every call, tracks how many run at once (overall and per repository), and
/// answers from a script (default: success). <see cref="Gate"/> holds runs until released.
/// </summary>
public sealed class RecordingJobHandler : IJobHandler
{
    private readonly ConcurrentQueue<JobContext> _calls = new();
    private readonly ConcurrentDictionary<string, int> _runningPerRepo = new();
    private readonly Lock _gate = new();
    private int _running;

    public IReadOnlyList<JobContext> Calls => [.. _calls];

    public int MaxRunning { get; private set; }

    public int MaxRunningPerRepository { get; private set; }

    /// <summary>When set, each run waits for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Func<JobContext, JobResult> Answer { get; set; } = _ => JobResult.Success();

    public async Task<JobResult> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        _calls.Enqueue(context);
        lock (_gate)
        {
            _running++;
            var perRepo = _runningPerRepo.AddOrUpdate(context.Job.RepoKey, 1, (_, n) => n + 1);
            MaxRunning = Math.Max(MaxRunning, _running);
            MaxRunningPerRepository = Math.Max(MaxRunningPerRepository, perRepo);
        }

        try
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            return Answer(context);
        }
        finally
        {
            lock (_gate)
            {
                _running--;
                _runningPerRepo.AddOrUpdate(context.Job.RepoKey, 0, (_, n) => n - 1);
            }
        }
    }

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds.</summary>
    public static async Task Eventually(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
