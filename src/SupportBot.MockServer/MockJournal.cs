using System.Collections;
using SupportBot.Client;

namespace SupportBot.MockServer;

/// <summary>One request the server received.</summary>
public sealed record MockRequest
{
    /// <summary>The provider whose prefix the path starts with; null for other paths.</summary>
    public SupportBotProvider? Provider { get; init; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>The full path, e.g. <c>/asyntai/api/v1/chat/</c>.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The path after the provider prefix, e.g. <c>chat/</c>.</summary>
    public string RelativePath { get; init; } = string.Empty;

    /// <summary>The query string including <c>?</c>, or empty.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>The request headers; <c>Authorization</c>, <c>X-API-Key</c>, cookies and other secrets are masked (<c>Bearer sk_l***</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The body as UTF-8 text.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The status code answered; 0 when the connection was dropped.</summary>
    public int StatusCode { get; init; }

    /// <summary>The injected fault that handled the request, if any.</summary>
    public MockFaultKind? Fault { get; init; }

    /// <summary>When it arrived (the server's TimeProvider).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Sequence number, from 1, in arrival order.</summary>
    public long Sequence { get; init; }
}

/// <summary>
/// The most recent requests the server received (up to <see cref="Capacity"/>), in arrival order. Thread-safe;
/// enumerating takes a snapshot.
/// </summary>
public sealed class MockJournal : IReadOnlyList<MockRequest>
{
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "X-API-Key", "Cookie", "Set-Cookie", "Proxy-Authorization", "X-Auth-Token",
    };

    private readonly Lock _gate = new();
    private readonly List<MockRequest> _entries = [];
    private long _sequence;

    /// <summary>Creates a journal.</summary>
    /// <param name="capacity">How many entries are kept; the oldest are dropped beyond it.</param>
    public MockJournal(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>How many entries are kept.</summary>
    public int Capacity { get; }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public MockRequest this[int index]
    {
        get
        {
            lock (_gate)
            {
                return _entries[index];
            }
        }
    }

    /// <summary>A snapshot of every entry.</summary>
    /// <returns>The entries, oldest first.</returns>
    public IReadOnlyList<MockRequest> Snapshot()
    {
        lock (_gate)
        {
            return _entries.ToArray();
        }
    }

    /// <summary>The entries of one provider.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The entries, oldest first.</returns>
    public IReadOnlyList<MockRequest> For(SupportBotProvider provider) => Snapshot().Where(e => e.Provider == provider).ToArray();

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <inheritdoc />
    public IEnumerator<MockRequest> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Masks a header value: keeps the scheme and the first four characters of a secret.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The value safe to show.</returns>
    public static string Mask(string name, string value)
    {
        if (!SecretHeaders.Contains(name))
        {
            return value;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var (scheme, secret) = space > 0 && name.EndsWith("Authorization", StringComparison.OrdinalIgnoreCase) ? (value[..(space + 1)], value[(space + 1)..]) : (string.Empty, value);
        return scheme + (secret.Length <= 8 ? "***" : secret[..4] + "***");
    }

    internal void Add(MockRequest entry)
    {
        lock (_gate)
        {
            if (_entries.Count == Capacity)
            {
                _entries.RemoveAt(0);
            }

            _entries.Add(entry with { Sequence = ++_sequence });
        }
    }
}
