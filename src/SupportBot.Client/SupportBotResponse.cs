using System.Text;

namespace SupportBot.Client;

/// <summary>A provider-native response: the typed body plus what the response headers said.</summary>
/// <typeparam name="T">The body type.</typeparam>
public sealed class SupportBotResponse<T>
{
    /// <summary>Creates a response (used by the native clients and by tests).</summary>
    /// <param name="value">The body.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    public SupportBotResponse(T value, int statusCode)
    {
        Value = value;
        StatusCode = statusCode;
    }

    /// <summary>The deserialized body.</summary>
    public T Value { get; }

    /// <summary>The HTTP status code (e.g. 200, or 202 for queued AgentApi writes).</summary>
    public int StatusCode { get; }

    /// <summary>The provider's request id, when sent.</summary>
    public string? RequestId { get; init; }

    /// <summary>The <c>X-Quota-Warning</c> header, when sent.</summary>
    public string? QuotaWarning { get; init; }

    /// <summary>Rate-limit headers, when sent.</summary>
    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>The body as received (decoded on first access).</summary>
    public string? RawJson
    {
        get => _rawJson ??= RawUtf8 is null ? null : Encoding.UTF8.GetString(RawUtf8);
        init => _rawJson = value;
    }

    /// <summary>The body's bytes, kept so <see cref="RawJson"/> costs nothing until read.</summary>
    internal byte[]? RawUtf8 { get; init; }

    private string? _rawJson;
}
