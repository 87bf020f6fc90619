namespace McpSaas.GitHub.Reporting;

/// <summary>
/// Keeps content-creating requests (check runs, statuses, comments) under GitHub's secondary limits (80 per minute,
/// 500 per hour) with McpSaas's own lower budget, on <see cref="TimeProvider"/>: a request over budget is not sent
/// (it would risk the App being banned) but deferred to the time a slot frees.
/// </summary>
internal sealed class ContentPacer(TimeProvider timeProvider, int perMinute, int perHour)
{
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _lock = new();

    /// <summary>Takes a slot now (true), or says when the next one frees (false).</summary>
    public bool TryTake(out DateTimeOffset nextFree)
    {
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            while (_sent.Count > 0 && _sent.Peek() <= now - TimeSpan.FromHours(1))
            {
                _sent.Dequeue();
            }

            var times = _sent.ToArray();
            var lastMinute = times.Where(t => t > now - TimeSpan.FromMinutes(1)).ToArray();
            nextFree = now;
            if (lastMinute.Length >= perMinute)
            {
                nextFree = lastMinute[^perMinute] + TimeSpan.FromMinutes(1);
            }

            if (times.Length >= perHour)
            {
                var hour = times[^perHour] + TimeSpan.FromHours(1);
                nextFree = hour > nextFree ? hour : nextFree;
            }

            if (nextFree > now)
            {
                return false;
            }

            _sent.Enqueue(now);
            return true;
        }
    }
}
