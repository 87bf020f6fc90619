using McpSaas.Reconciler.Reconciling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// Retries a platform call that failed with a <see cref="ErrorClass.Transient"/> error: exponential backoff, never
/// sooner than the platform's <c>Retry-After</c>, on the injected clock. Stalled errors and a spent request budget are
/// never retried here; a wait longer than <see cref="PlatformRetryOptions.MaxInRunDelay"/> is left to a later run.
/// </summary>
public sealed partial class PlatformRetry(PlatformRetryOptions options, TimeProvider time, ILogger<PlatformRetry>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public PlatformRetryOptions Options => options;

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (PlatformException e) when (e.Class == ErrorClass.Transient && !e.BudgetExhausted && attempt < options.MaxAttempts)
            {
                var backoff = options.InitialDelay * Math.Pow(2, attempt - 1);
                var delay = e.RetryAfter is { } after && after > backoff ? after : backoff;
                if (delay > options.MaxInRunDelay)
                {
                    throw;
                }

                Log.Retrying(_logger, what, attempt, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task RunAsync(string what, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync<bool>(what, async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "{What} failed (attempt {Attempt}), retrying in {Seconds:0.#} s: {Error}")]
        public static partial void Retrying(ILogger logger, string what, int attempt, double seconds, string error);
    }
}
