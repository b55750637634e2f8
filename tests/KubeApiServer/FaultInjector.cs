namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// Failures and slowness a test asks for: "the next N requests for pods answer 500",
/// "every request waits 2 s". Consulted once per resource request.
/// </summary>
internal sealed class FaultInjector
{
    private sealed class Rule(int remaining, int statusCode, string? plural)
    {
        public int Remaining { get; set; } = remaining;
        public int StatusCode { get; } = statusCode;
        public string? Plural { get; } = plural;
    }

    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private long _delayTicks;
    private volatile bool _hangWatches;
    private TaskCompletionSource? _hungUntilReleased;

    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>New watch streams get their headers and then nothing, not even at timeoutSeconds.</summary>
    public bool HangWatches
    {
        get => _hangWatches;
        set => _hangWatches = value;
    }

    /// <summary>While true nothing is answered or sent at all, as by a SIGSTOPped server; released, everything resumes.</summary>
    public bool HangAll
    {
        get
        {
            lock (_gate)
                return _hungUntilReleased is not null;
        }
        set
        {
            lock (_gate)
            {
                if (value)
                    _hungUntilReleased ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                else
                {
                    _hungUntilReleased?.TrySetResult();
                    _hungUntilReleased = null;
                }
            }
        }
    }

    /// <summary>Completes at once, or when <see cref="HangAll"/> is released.</summary>
    public Task WhileHungAsync(CancellationToken ct)
    {
        lock (_gate)
            return _hungUntilReleased?.Task.WaitAsync(ct) ?? Task.CompletedTask;
    }

    /// <summary>count == int.MaxValue: until <see cref="Clear"/>.</summary>
    public void Add(int count, int statusCode, string? plural)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        lock (_gate)
            _rules.Add(new Rule(count, statusCode, plural));
    }

    public void Clear()
    {
        lock (_gate)
            _rules.Clear();
    }

    /// <summary>Consume one failure meant for this resource, oldest rule first.</summary>
    public bool TryTake(string plural, out int statusCode)
    {
        lock (_gate)
        {
            var rule = _rules.Find(r => r.Plural is null || r.Plural == plural);
            statusCode = rule?.StatusCode ?? 0;
            if (rule is null)
                return false;
            if (rule.Remaining != int.MaxValue && --rule.Remaining == 0)
                _rules.Remove(rule);
            return true;
        }
    }
}
