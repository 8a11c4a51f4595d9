using SupportBot.Client;

namespace SupportBot.MockServer;

/// <summary>What an injected fault does to a matching request.</summary>
public enum MockFaultKind
{
    /// <summary>Answer with <see cref="MockFault.StatusCode"/> (default 503), <see cref="MockFault.Body"/> and <see cref="MockFault.Headers"/>.</summary>
    Status,

    /// <summary>Wait <see cref="MockFault.Delay"/>, then serve the request normally.</summary>
    Delay,

    /// <summary>Abort the connection without a response.</summary>
    DropConnection,

    /// <summary>Answer 200 (or <see cref="MockFault.StatusCode"/>) with a body that is not valid JSON (or <see cref="MockFault.Body"/>).</summary>
    MalformedBody,

    /// <summary>Send the headers and the first half of a valid body, announcing its full length, then abort.</summary>
    TruncatedBody,
}

/// <summary>
/// A fault for the next <see cref="Count"/> requests that match <see cref="Provider"/>, <see cref="Method"/> and
/// <see cref="PathContains"/>. <see cref="Delay"/> applies before any kind.
/// </summary>
public sealed class MockFault
{
    private int _remaining = -1;

    /// <summary>Only requests to this provider; null matches every provider.</summary>
    public SupportBotProvider? Provider { get; init; }

    /// <summary>Only requests whose path (after the provider prefix) contains this text, ordinal ignoring case; null matches all.</summary>
    public string? PathContains { get; init; }

    /// <summary>Only requests with this HTTP method; null matches all.</summary>
    public string? Method { get; init; }

    /// <summary>How many matching requests the fault applies to (default 1).</summary>
    public int Count { get; init; } = 1;

    /// <summary>What happens.</summary>
    public MockFaultKind Kind { get; init; } = MockFaultKind.Status;

    /// <summary>The status code (Status: default 503; MalformedBody/TruncatedBody: default 200).</summary>
    public int? StatusCode { get; init; }

    /// <summary>The body (Status, MalformedBody); Status defaults to the provider's own error body shape.</summary>
    public string? Body { get; init; }

    /// <summary>The body's content type (default <c>application/json; charset=utf-8</c>).</summary>
    public string? ContentType { get; init; }

    /// <summary>Response headers to add, e.g. <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Latency added before the fault (real time: this is about client timeouts).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>How many more requests this fault will hit.</summary>
    public int Remaining => Volatile.Read(ref _remaining) < 0 ? Count : Volatile.Read(ref _remaining);

    internal bool Matches(SupportBotProvider? provider, string method, string relativePath) =>
        (Provider is null || Provider == provider)
        && (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (PathContains is null || relativePath.Contains(PathContains, StringComparison.OrdinalIgnoreCase));

    internal bool TryTake()
    {
        Interlocked.CompareExchange(ref _remaining, Count, -1);
        while (true)
        {
            var current = Volatile.Read(ref _remaining);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}

/// <summary>The server's injected faults. Thread-safe; faults are tried in the order they were added.</summary>
public sealed class MockFaults
{
    private readonly Lock _gate = new();
    private readonly List<MockFault> _faults = [];
    private int _added;

    /// <summary>Adds a fault.</summary>
    /// <param name="fault">The fault.</param>
    /// <returns>The same fault, to check <see cref="MockFault.Remaining"/> later.</returns>
    public MockFault Add(MockFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _faults.Add(fault);
            Volatile.Write(ref _added, 1);
        }

        return fault;
    }

    /// <summary>Faults that still have requests to hit.</summary>
    public IReadOnlyList<MockFault> Pending
    {
        get
        {
            lock (_gate)
            {
                return _faults.Where(f => f.Remaining > 0).ToArray();
            }
        }
    }

    /// <summary>Removes every fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    internal MockFault? Take(SupportBotProvider? provider, string method, string relativePath)
    {
        if (Volatile.Read(ref _added) == 0)
        {
            return null;
        }

        lock (_gate)
        {
            foreach (var fault in _faults)
            {
                if (fault.Matches(provider, method, relativePath) && fault.TryTake())
                {
                    return fault;
                }
            }

            _faults.RemoveAll(f => f.Remaining <= 0);
            return null;
        }
    }
}
