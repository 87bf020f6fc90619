using McpSaas.Reconciler.Jobs;
using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Jobs;

/// <summary>
/// Claims due jobs from the durable queue and runs them through <see cref="JobDispatcher"/>, at most
/// <see cref="JobRunnerOptions.MaxConcurrency"/> at once across repositories (the queue never hands out two jobs of one
/// repository). Each claim is a lease renewed while the job runs; if this process dies the lease expires and another
/// runner (or this one, restarted) takes the job again. Failures are retried by error class: transient with
/// exponential backoff and jitter, waiting at the handler's time, stalled not at all. Time comes from
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class JobRunner : BackgroundService
{
    private readonly IJobQueue _queue;
    private readonly JobDispatcher _dispatcher;
    private readonly JobSignal _signal;
    private readonly TimeProvider _time;
    private readonly JobRunnerOptions _options;
    private readonly ILogger<JobRunner> _logger;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public JobRunner(IJobQueue queue, JobDispatcher dispatcher, JobSignal signal, TimeProvider timeProvider, IOptions<JobRunnerOptions> options, ILogger<JobRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _dispatcher = dispatcher;
        _signal = signal;
        _time = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The lease owner name of this runner.</summary>
    public string Owner => _owner;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        using var slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        var running = new List<Task>();
        Task? tick = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var wake = _signal.Next;
                JobRecord? job;
                try
                {
                    job = await _queue.ClaimAsync(_owner, _options.LeaseDuration, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ClaimFailed(_logger, e);
                    job = null;
                }

                if (job is null)
                {
                    slots.Release();
                    // One-shot waits on the clock rather than a PeriodicTimer: a clock that jumps (a laptop waking up,
                    // a test's fake clock set a month ahead) wakes the loop once instead of once per missed period.
                    tick ??= Task.Delay(_options.PollInterval, _time, stoppingToken);
                    await Task.WhenAny(tick, wake).ConfigureAwait(false);
                    if (tick.IsCompleted)
                    {
                        await tick.ConfigureAwait(false); // surfaces cancellation
                        tick = null;
                    }

                    continue;
                }

                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunAsync(job, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunAsync(JobRecord job, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = KeepLeaseAsync(job, run);
        JobResult result;
        try
        {
            Log.Started(_logger, job.Id, job.Kind, job.RepoKey, job.Attempts);
            result = await _dispatcher.DispatchAsync(job, run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            result = JobResult.Waiting(TimeSpan.Zero, stoppingToken.IsCancellationRequested
                ? "the host stopped while the job ran"
                : "the lease was lost while the job ran");
        }
        catch (Exception e)
        {
            Log.HandlerThrew(_logger, job.Id, e);
            result = JobResult.Transient($"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await run.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }

        try
        {
            await RecordAsync(job, result).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The lease will expire and the job run again: nothing is lost.
            Log.RecordFailed(_logger, job.Id, e);
        }
        finally
        {
            slots.Release();
            _signal.Notify(); // the repository is free again: its next job may be due
        }
    }

    private async Task RecordAsync(JobRecord job, JobResult result)
    {
        var none = CancellationToken.None; // record even while stopping
        if (result.Succeeded)
        {
            var recorded = await _queue.CompleteAsync(job.Id, _owner, result.ResultJson, none).ConfigureAwait(false);
            Log.Finished(_logger, job.Id, job.Kind, job.RepoKey, recorded ? "succeeded" : "succeeded, but the lease was lost");
            return;
        }

        var errorClass = result.ErrorClass ?? JobErrorClass.Transient;
        var now = _time.GetUtcNow();
        DateTimeOffset? retryAt = errorClass switch
        {
            JobErrorClass.Stalled => null,
            JobErrorClass.Waiting => now + (result.RetryAfter ?? _options.RetryBaseDelay),
            _ when job.Attempts >= _options.MaxAttempts => null,
            _ => now + Backoff(job.Attempts),
        };
        var message = result.Message ?? errorClass.ToString();
        await _queue.FailAsync(job.Id, _owner, new JobFailure { ErrorClass = errorClass, Message = message, RetryAt = retryAt }, none).ConfigureAwait(false);
        Log.Failed(_logger, job.Id, job.Kind, job.RepoKey, errorClass, message, retryAt);
    }

    /// <summary>Exponential backoff from the attempt number, capped, with jitter in [½, 1] of the delay.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 20);
        var delay = Math.Min(_options.RetryMaxDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(delay * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private async Task KeepLeaseAsync(JobRecord job, CancellationTokenSource run)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.LeaseDuration / 3, _time, run.Token).ConfigureAwait(false);
                if (!await _queue.RenewLeaseAsync(job.Id, _owner, _options.LeaseDuration, run.Token).ConfigureAwait(false))
                {
                    Log.LeaseLost(_logger, job.Id);
                    await run.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // A failed renewal is not fatal: the next one may work; the lease only runs out after LeaseDuration.
            Log.RenewFailed(_logger, job.Id, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Job {JobId} ({Kind} {RepoKey}) started, attempt {Attempt}")]
        public static partial void Started(ILogger logger, long jobId, JobKind kind, string repoKey, int attempt);

        [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Job {JobId} ({Kind} {RepoKey}) {Outcome}")]
        public static partial void Finished(ILogger logger, long jobId, JobKind kind, string repoKey, string outcome);

        [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Job {JobId} ({Kind} {RepoKey}) failed ({ErrorClass}): {Message}; retry at {RetryAt:O}")]
        public static partial void Failed(ILogger logger, long jobId, JobKind kind, string repoKey, JobErrorClass errorClass, string message, DateTimeOffset? retryAt);

        [LoggerMessage(EventId = 3304, Level = LogLevel.Error, Message = "Job {JobId}: the handler threw")]
        public static partial void HandlerThrew(ILogger logger, long jobId, Exception exception);

        [LoggerMessage(EventId = 3305, Level = LogLevel.Warning, Message = "Job {JobId}: the lease was lost (another runner took the job); stopping this run")]
        public static partial void LeaseLost(ILogger logger, long jobId);

        [LoggerMessage(EventId = 3306, Level = LogLevel.Warning, Message = "Job {JobId}: renewing the lease failed")]
        public static partial void RenewFailed(ILogger logger, long jobId, Exception exception);

        [LoggerMessage(EventId = 3307, Level = LogLevel.Error, Message = "Job queue: claiming a job failed")]
        public static partial void ClaimFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3308, Level = LogLevel.Error, Message = "Job {JobId}: recording its result failed; it runs again after its lease expires")]
        public static partial void RecordFailed(ILogger logger, long jobId, Exception exception);
    }
}
