namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// The one request budget every caller of the Cloudflare API in this process shares (Cloudflare allows 1,200
/// requests per 5 minutes per token): a sliding window of <see cref="Limit"/> requests per <see cref="Window"/> on
/// <see cref="TimeProvider"/>. A caller takes a slot per request; when none is free it learns when the next one
/// frees, so the reconciler can defer work to the next tick instead of failing it. A 429's <c>Retry-After</c>
/// closes the budget for everyone until then (<see cref="BlockUntil"/>).
/// </summary>
public sealed class CloudflareRequestBudget
{
    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _lock = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public CloudflareRequestBudget(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Limit = limit;
        Window = window;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public int Limit { get; }

    public TimeSpan Window { get; }

    /// <summary>Slots a caller could take now.</summary>
    public int Available
    {
        get
        {
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                Expire(now);
                return now < _blockedUntil ? 0 : Limit - _sent.Count;
            }
        }
    }

    /// <summary>Until when nobody may send (a 429's <c>Retry-After</c>), or null.</summary>
    public DateTimeOffset? BlockedUntil
    {
        get
        {
            lock (_lock)
            {
                return _time.GetUtcNow() < _blockedUntil ? _blockedUntil : null;
            }
        }
    }

    /// <summary>Takes one slot when one is free now; otherwise leaves the budget as it is and says when the next frees.</summary>
    public BudgetSlot TryAcquire()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            Expire(now);
            if (now >= _blockedUntil && _sent.Count < Limit)
            {
                _sent.Enqueue(now);
                return new BudgetSlot(true, now);
            }

            return new BudgetSlot(false, NextFree(now));
        }
    }

    /// <summary>When the next slot frees (now when one is free).</summary>
    public DateTimeOffset NextFreeAt()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            Expire(now);
            return NextFree(now);
        }
    }

    /// <summary>
    /// Raised (outside the budget's lock) when <see cref="BlockUntil"/> moves the block later: a host that outlives this
    /// process's budget (the CLI, run again) keeps the time, so no later process sends before it either.
    /// </summary>
    public event Action<DateTimeOffset>? Blocked;

    /// <summary>Nobody sends before <paramref name="until"/> (Cloudflare said so with a 429's <c>Retry-After</c>).</summary>
    public void BlockUntil(DateTimeOffset until)
    {
        bool moved;
        lock (_lock)
        {
            moved = until > _blockedUntil;
            if (moved)
            {
                _blockedUntil = until;
            }
        }

        if (moved)
        {
            Blocked?.Invoke(until);
        }
    }

    private DateTimeOffset NextFree(DateTimeOffset now)
    {
        var free = _sent.Count < Limit ? now : _sent.Peek() + Window;
        return free > _blockedUntil ? free : _blockedUntil;
    }

    private void Expire(DateTimeOffset now)
    {
        while (_sent.Count > 0 && _sent.Peek() + Window <= now)
        {
            _sent.Dequeue();
        }
    }
}
