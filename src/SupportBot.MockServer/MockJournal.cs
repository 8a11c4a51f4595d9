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
/// One slot of the journal's ring, reused for every request that lands in it: recording copies the request's raw
/// fields (headers unmasked, body bytes) into buffers the slot keeps, so a journaled request leaves no new long-lived
/// objects behind; <see cref="ToRequest"/> builds the public, masked <see cref="MockRequest"/> when someone reads it.
/// </summary>
internal sealed class JournalSlot
{
    private KeyValuePair<string, string>[] _headers = new KeyValuePair<string, string>[8];
    private int _headerCount;
    private byte[] _body = new byte[256];
    private int _bodyLength;
    private MockRequest? _request;
    private SupportBotProvider? _provider;
    private string _method = string.Empty;
    private string _path = string.Empty;
    private string _relativePath = string.Empty;
    private string _query = string.Empty;
    private int _statusCode;
    private MockFaultKind? _fault;
    private DateTimeOffset _timestamp;
    private long _sequence;

    public void Fill(in JournalRecord record, long sequence)
    {
        // Strings equal to the ones the slot already holds are not replaced: under steady load a recorded request then
        // writes no new references into this (old-generation) slot, so nothing it carried has to survive a gen0 GC.
        _request = null;
        _provider = record.Provider;
        Keep(ref _method, record.Method);
        Keep(ref _path, record.Path);
        Keep(ref _relativePath, record.RelativePath);
        Keep(ref _query, record.Query);
        _statusCode = record.StatusCode;
        _fault = record.Fault;
        _timestamp = record.Timestamp;
        _sequence = sequence;
        var headers = record.Headers;
        if (_headers.Length < headers.Count)
        {
            _headers = new KeyValuePair<string, string>[Math.Max(headers.Count, _headers.Length * 2)];
        }

        _headerCount = 0;
        foreach (var (name, values) in headers)
        {
            var value = values.Count == 1 ? values[0] ?? string.Empty : values.ToString();
            ref var slot = ref _headers[_headerCount++];
            if (!string.Equals(slot.Key, name, StringComparison.Ordinal) || !string.Equals(slot.Value, value, StringComparison.Ordinal))
            {
                slot = new(string.Equals(slot.Key, name, StringComparison.Ordinal) ? slot.Key : name, value);
            }
        }

        var body = record.Body;
        if (_body.Length < body.Length)
        {
            _body = new byte[Math.Max(body.Length, _body.Length * 2)];
        }
        else if (_body.Length > 64 * 1024 && body.Length <= 256)
        {
            _body = new byte[256]; // do not keep a large buffer for small bodies
        }

        body.CopyTo(_body);
        _bodyLength = body.Length;
    }

    private static void Keep(ref string field, string value)
    {
        if (!string.Equals(field, value, StringComparison.Ordinal))
        {
            field = value;
        }
    }

    public MockRequest ToRequest()
    {
        if (_request is { } done)
        {
            return done;
        }

        var headers = new Dictionary<string, string>(_headerCount, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _headerCount; i++)
        {
            var (name, value) = _headers[i];
            headers[name] = MockJournal.Mask(name, value);
        }

        return _request = new MockRequest
        {
            Provider = _provider, Method = _method, Path = _path, RelativePath = _relativePath, Query = _query, Headers = headers,
            Body = System.Text.Encoding.UTF8.GetString(_body, 0, _bodyLength), StatusCode = _statusCode, Fault = _fault, Timestamp = _timestamp,
            Sequence = _sequence,
        };
    }
}

/// <summary>The raw fields of a request to journal.</summary>
internal readonly record struct JournalRecord(
    SupportBotProvider? Provider,
    string Method,
    string Path,
    string RelativePath,
    string Query,
    Microsoft.AspNetCore.Http.IHeaderDictionary Headers,
    byte[] Body,
    int StatusCode,
    MockFaultKind? Fault,
    DateTimeOffset Timestamp);

/// <summary>
/// The most recent requests the server received (up to <see cref="Capacity"/>), in arrival order. Thread-safe;
/// enumerating takes a snapshot. A ring buffer: recording a request is O(1) however full the journal is.
/// </summary>
public sealed class MockJournal : IReadOnlyList<MockRequest>
{
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "X-API-Key", "Cookie", "Set-Cookie", "Proxy-Authorization", "X-Auth-Token",
    };

    private readonly Lock _gate = new();
    private readonly JournalSlot?[] _ring;
    private int _start;
    private int _count;
    private long _sequence;

    /// <summary>Creates a journal.</summary>
    /// <param name="capacity">How many entries are kept; the oldest are dropped beyond it.</param>
    public MockJournal(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _ring = new JournalSlot?[capacity];
    }

    /// <summary>How many entries are kept.</summary>
    public int Capacity { get; }

    /// <summary>How many requests were recorded since the journal was created, kept or dropped (<see cref="Clear"/> does not reset it).</summary>
    public long TotalRecorded
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
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
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
                return _ring[(_start + index) % Capacity]!.ToRequest();
            }
        }
    }

    /// <summary>A snapshot of every entry.</summary>
    /// <returns>The entries, oldest first.</returns>
    public IReadOnlyList<MockRequest> Snapshot()
    {
        lock (_gate)
        {
            var entries = new MockRequest[_count];
            for (var i = 0; i < _count; i++)
            {
                entries[i] = _ring[(_start + i) % Capacity]!.ToRequest();
            }

            return entries;
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
            _start = 0;
            _count = 0;
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

    internal void Add(in JournalRecord record)
    {
        lock (_gate)
        {
            int slot;
            if (_count == Capacity)
            {
                slot = _start;
                _start = (_start + 1) % Capacity;
            }
            else
            {
                slot = (_start + _count) % Capacity;
                _count++;
            }

            (_ring[slot] ??= new JournalSlot()).Fill(record, ++_sequence);
        }
    }
}
