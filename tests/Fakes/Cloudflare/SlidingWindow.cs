namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>The fake's rate limit: at most <c>limit</c> requests in any <c>window</c>, on the fake's clock.</summary>
internal sealed class SlidingWindow(int limit, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _accepted = new();

    /// <summary>Counts the request and returns null, or returns how long until one is allowed (the request is not counted).</summary>
    public TimeSpan? TryAccept(DateTimeOffset now)
    {
        while (_accepted.Count > 0 && _accepted.Peek() + window <= now)
        {
            _accepted.Dequeue();
        }

        if (_accepted.Count < limit)
        {
            _accepted.Enqueue(now);
            return null;
        }

        return _accepted.Peek() + window - now;
    }
}
