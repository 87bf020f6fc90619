using McpSaas.Reconciler.Reporting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;

namespace McpSaas.GitHub.Reporting;

/// <summary>
/// Drains the report outbox in the background: claims each due report, posts it (<see cref="GitHubReportPoster"/>)
/// and removes it. A failure is classified (<see cref="GitHubFailure"/>): transient ones and rate limits are retried —
/// never before the time GitHub names in <c>retry-after</c> or <c>x-ratelimit-reset</c> — and pause every report
/// meanwhile (one GitHub, one budget); permanent ones are dropped and logged, as is a report older than
/// <see cref="GitHubReportingOptions.GiveUpAfter"/>. Time comes from <see cref="TimeProvider"/>. Reports survive
/// restarts (they are in the state store).
/// </summary>
internal sealed partial class GitHubReportDrainer : BackgroundService
{
    private readonly IReportOutbox _outbox;
    private readonly GitHubReportPoster _poster;
    private readonly ReportSignal _signal;
    private readonly TimeProvider _time;
    private readonly GitHubReportingOptions _options;
    private readonly ILogger<GitHubReportDrainer> _logger;
    private readonly string _owner = $"reports:{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _draining = new(1, 1);
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private int _failures;

    public GitHubReportDrainer(IReportOutbox outbox, GitHubReportPoster poster, ReportSignal signal, TimeProvider timeProvider,
        IOptions<GitHubReportingOptions> options, ILogger<GitHubReportDrainer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox;
        _poster = poster;
        _signal = signal;
        _time = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Nothing is sent to GitHub before this time (a rate limit or an outage); <see cref="DateTimeOffset.MinValue"/> when not paused.</summary>
    public DateTimeOffset PausedUntil => _pausedUntil;

    /// <summary>Posts every due report (until none is due, or GitHub asks to wait); returns how many were posted.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        await _draining.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var posted = 0;
            var clients = new Dictionary<long, GitHubClient>();
            while (_time.GetUtcNow() >= _pausedUntil)
            {
                var item = await _outbox.ClaimReportAsync(_owner, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
                if (item is null)
                {
                    break;
                }

                if (await HandleAsync(item, clients, cancellationToken).ConfigureAwait(false))
                {
                    posted++;
                }
            }

            return posted;
        }
        finally
        {
            _draining.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wake = _signal.Next;
                try
                {
                    await DrainAsync(stoppingToken).ConfigureAwait(false);
                    await PruneAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.DrainFailed(_logger, e);
                }

                var now = _time.GetUtcNow();
                if (_pausedUntil > now)
                {
                    await Task.Delay(_pausedUntil - now, _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var delay = _options.PollInterval;
                try
                {
                    if (await _outbox.NextReportDueAsync(stoppingToken).ConfigureAwait(false) is { } due && due - now < delay)
                    {
                        delay = due - now > TimeSpan.Zero ? due - now : TimeSpan.FromMilliseconds(50);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.DrainFailed(_logger, e);
                }

                await Task.WhenAny(Task.Delay(delay, _time, stoppingToken), wake).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _draining.Dispose();
        base.Dispose();
    }

    /// <summary>Posts one claimed report and records what happened; true when it was posted.</summary>
    private async Task<bool> HandleAsync(ReportItem item, Dictionary<long, GitHubClient> clients, CancellationToken cancellationToken)
    {
        var none = CancellationToken.None; // record the outcome even while stopping
        var now = _time.GetUtcNow();
        if (now - item.CreatedAt > _options.GiveUpAfter)
        {
            Log.GaveUp(_logger, item.Key, item.Attempts, item.LastError ?? "none");
            await _outbox.DropReportAsync(item.Id, item.Revision, none).ConfigureAwait(false);
            return false;
        }

        try
        {
            var posted = await _poster.PostAsync(item, clients, cancellationToken).ConfigureAwait(false);
            _failures = 0;
            if (posted)
            {
                await _outbox.CompleteReportAsync(item.Id, item.Revision, none).ConfigureAwait(false);
            }
            else
            {
                await _outbox.DropReportAsync(item.Id, item.Revision, none).ConfigureAwait(false);
            }

            return posted;
        }
        catch (ReportDeferredException deferred)
        {
            if (deferred.PausesAll)
            {
                _pausedUntil = deferred.Until;
                Log.Paced(_logger, deferred.Until);
            }

            await _outbox.RetryReportAsync(item.Id, deferred.Until, deferred.Message, none).ConfigureAwait(false);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = GitHubFailure.Classify(e, now, Backoff(_failures + 1));
            if (failure.Kind == GitHubFailureKind.Permanent)
            {
                Log.Refused(_logger, item.Key, failure.Message);
                await _outbox.DropReportAsync(item.Id, item.Revision, none).ConfigureAwait(false);
                return false;
            }

            _failures++;
            var retryAt = failure.RetryAt ?? now + Backoff(_failures);
            _pausedUntil = retryAt;
            Log.WillRetry(_logger, item.Key, failure.Kind.ToString(), failure.Message, retryAt);
            await _outbox.RetryReportAsync(item.Id, retryAt, failure.Message, none).ConfigureAwait(false);
            return false;
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now - _lastPrune < TimeSpan.FromDays(1))
        {
            return;
        }

        _lastPrune = now;
        var removed = await _outbox.PruneReportMemoryAsync(now - _options.Retention, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            Log.Pruned(_logger, removed);
        }
    }

    /// <summary>Exponential backoff after the n-th failure in a row (of any report: one GitHub): base, 2×base, 4×base, … up to the maximum.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryBaseDelay.Ticks * factor, _options.RetryMaxDelay.Ticks));
        return delay > _options.RetryMaxDelay ? _options.RetryMaxDelay : delay;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Report {Key} not posted ({Kind}: {Error}); retrying at {RetryAt}, every report waits till then")]
        public static partial void WillRetry(ILogger logger, string key, string kind, string error, DateTimeOffset retryAt);

        [LoggerMessage(EventId = 6202, Level = LogLevel.Error, Message = "Report {Key} dropped: GitHub refused it ({Error})")]
        public static partial void Refused(ILogger logger, string key, string error);

        [LoggerMessage(EventId = 6203, Level = LogLevel.Error, Message = "Report {Key} dropped after {Attempts} attempt(s): not posted within Reporting:GiveUpAfter (last error: {Error})")]
        public static partial void GaveUp(ILogger logger, string key, int attempts, string error);

        [LoggerMessage(EventId = 6204, Level = LogLevel.Information, Message = "Reports to GitHub paced until {Until} (content-creation budget)")]
        public static partial void Paced(ILogger logger, DateTimeOffset until);

        [LoggerMessage(EventId = 6205, Level = LogLevel.Error, Message = "Draining the report outbox failed; trying again")]
        public static partial void DrainFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 6206, Level = LogLevel.Information, Message = "Forgot {Count} check run, status and comment record(s) past Reporting:Retention")]
        public static partial void Pruned(ILogger logger, int count);
    }
}
