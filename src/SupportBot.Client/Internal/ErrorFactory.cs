using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupportBot.Client.Internal;

/// <summary>Turns an error response into the right <see cref="SupportBotException"/>.</summary>
internal static partial class ErrorFactory
{
    /// <summary>Reads <c>error</c> (string or object with <c>message</c>/<c>code</c>), <c>message</c>, <c>details</c>, <c>code</c> from a JSON body; non-JSON bodies yield none.</summary>
    public static (string? Error, string? Details, string? Code) ParseBody(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return default;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            var root = doc.RootElement;
            string? error = null, details = null, code = null;
            if (root.TryGetProperty("error", out var e))
            {
                if (e.ValueKind == JsonValueKind.String)
                {
                    error = e.GetString();
                }
                else if (e.ValueKind == JsonValueKind.Object)
                {
                    error = Str(e, "message");
                    code = Str(e, "code") ?? Str(e, "type");
                    details = Str(e, "details");
                }
            }

            error ??= Str(root, "message") ?? Str(root, "detail");
            details ??= Str(root, "details");
            code ??= Str(root, "code");
            return (error, details, code);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public static SupportBotException Create(ProviderProfile profile, ProviderError error, string operation, string? apiKey)
    {
        var provider = profile.Provider;
        var body = Redact(Truncate(error.Body), apiKey);
        var detailText = Redact(JoinDetails(error.Error, error.Details), apiKey);
        var status = error.StatusCode;
        var reason = detailText is null ? string.Empty : ": " + detailText;

        string Message(string what) => $"{provider} {operation} failed with HTTP {status.ToString(CultureInfo.InvariantCulture)} ({what}){reason}";
        var uri = error.RequestUri;

        switch (status)
        {
            case var quota when profile.MayBeQuota(quota) && profile.IsQuotaExhausted(error):
                var (used, limit) = ParseUsedOfLimit(error.Details ?? error.Error);
                return new SupportBotQuotaExceededException(Message("plan quota exhausted: upgrade or wait for the reset"))
                {
                    Provider = provider, StatusCode = status, Details = detailText, RequestId = error.RequestId, QuotaWarning = error.QuotaWarning, RateLimit = error.RateLimit, Operation = operation, RequestUri = uri,
                    ResponseBody = body, RetryAfter = error.RetryAfter, Used = used, Limit = limit,
                };
            case 401:
                return new SupportBotAuthenticationException(Message("unauthorized: check the API key"))
                { Provider = provider, StatusCode = status, Details = detailText, RequestId = error.RequestId, QuotaWarning = error.QuotaWarning, RateLimit = error.RateLimit, Operation = operation, RequestUri = uri, ResponseBody = body };
            case 403:
                return new SupportBotAuthenticationException(Message("forbidden: the key may not do this"), SupportBotErrorCode.Forbidden)
                { Provider = provider, StatusCode = status, Details = detailText, RequestId = error.RequestId, QuotaWarning = error.QuotaWarning, RateLimit = error.RateLimit, Operation = operation, RequestUri = uri, ResponseBody = body };
            case 429:
                return new SupportBotRateLimitException(Message(error.RetryAfter is { } ra
                    ? $"rate limited: retry after {ra.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
                    : "rate limited: retry later"))
                { Provider = provider, StatusCode = status, Details = detailText, RequestId = error.RequestId, QuotaWarning = error.QuotaWarning, RateLimit = error.RateLimit, Operation = operation, RequestUri = uri, ResponseBody = body, RetryAfter = error.RetryAfter };
        }

        var (code, what) = status switch
        {
            400 or 405 or 409 or 413 or 415 or 422 => (SupportBotErrorCode.InvalidRequest, "bad request"),
            404 => (SupportBotErrorCode.NotFound, "not found"),
            408 => (SupportBotErrorCode.Timeout, "request timeout"),
            503 => (SupportBotErrorCode.ServiceUnavailable, "service unavailable"),
            504 => (SupportBotErrorCode.Timeout, "gateway timeout"),
            >= 500 => (SupportBotErrorCode.ServerError, "server error"),
            >= 400 => (SupportBotErrorCode.InvalidRequest, "request rejected"),
            _ => (SupportBotErrorCode.InvalidResponse, "unexpected status"),
        };
        var message = Message(what);
        if (status == 404 && uri is not null && IsRouteMiss(error))
        {
            message = message.TrimEnd('.') + $". The request went to {uri}: if that is not the provider's endpoint, check BaseAddress (its path included).";
        }

        return new SupportBotException(message, code)
        { Provider = provider, StatusCode = status, Details = detailText, RequestId = error.RequestId, QuotaWarning = error.QuotaWarning, RateLimit = error.RateLimit, Operation = operation, RequestUri = uri, ResponseBody = body, RetryAfter = error.RetryAfter };
    }

    public static SupportBotException InvalidResponse(SupportBotProvider provider, string operation, int status, string problem, string? body, string? apiKey, string? requestId, Exception? inner = null) =>
        new($"{provider} {operation} returned a response that could not be read (HTTP {status.ToString(CultureInfo.InvariantCulture)}): {problem}", SupportBotErrorCode.InvalidResponse, inner)
        { Provider = provider, StatusCode = status, Operation = operation, ResponseBody = Redact(Truncate(body), apiKey), RequestId = requestId };

    /// <summary>The same error with a hint appended to its message (e.g. which option overrides an inferred path).</summary>
    public static SupportBotException WithHint(SupportBotException error, string hint) =>
        new($"{error.Message} {hint}", error.ErrorCode, error)
        {
            Provider = error.Provider, StatusCode = error.StatusCode, Details = error.Details, RetryAfter = error.RetryAfter, RequestId = error.RequestId,
            Operation = error.Operation, ResponseBody = error.ResponseBody, QuotaWarning = error.QuotaWarning, RateLimit = error.RateLimit,
            RequestUri = error.RequestUri,
        };

    /// <summary>The request URL as reported in errors: no query (AskIA-style keys, session ids), fragment or user info.</summary>
    public static Uri? WithoutSecrets(Uri? uri) =>
        uri is null || !uri.IsAbsoluteUri ? null : new Uri(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));

    /// <summary>
    /// Whether a 404 looks like "no such route" (no provider error text, or only a generic not-found / no-such-endpoint / a
    /// framework's <c>Cannot POST /x</c>) rather than a documented not-found of a resource such as an unknown bot id.
    /// </summary>
    private static bool IsRouteMiss(ProviderError error)
    {
        var text = $"{error.Error} {error.Details}".Trim().TrimEnd('.').ToLowerInvariant();
        return text.Length == 0
            || text is "not found" or "endpoint not found" or "route not found"
            || text.Contains("no such endpoint", StringComparison.Ordinal)
            || text.StartsWith("cannot ", StringComparison.Ordinal);
    }

    /// <summary>Removes the key from text that will leave the SDK.</summary>
    public static string? Redact(string? text, string? apiKey) =>
        text is null || string.IsNullOrEmpty(apiKey) || apiKey.Length < 4 ? text : text.ReplaceOrdinal(apiKey, "***");

    private static string? Truncate(string? body) =>
        body is null || body.Length <= SupportBotException.MaxResponseBodyLength ? body : body[..SupportBotException.MaxResponseBodyLength] + "…";

    private static string? JoinDetails(string? error, string? details) => (error, details) switch
    {
        (null, null) => null,
        (not null, null) => error,
        (null, not null) => details,
        _ => $"{error} — {details}",
    };

    /// <summary>Reads <c>(used/limit)</c>, as in AISupportBot's <c>"Upgrade to get more responses. (1000/1000)"</c>.</summary>
    internal static (long? Used, long? Limit) ParseUsedOfLimit(string? text)
    {
        if (text is null)
        {
            return default;
        }

        var m = UsedOfLimit().Match(text);
        if (!m.Success)
        {
            return (null, null);
        }

        return (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private const string UsedOfLimitPattern = @"\(\s*(\d{1,18})\s*/\s*(\d{1,18})\s*\)";

#if NET
    [GeneratedRegex(UsedOfLimitPattern)]
    private static partial Regex UsedOfLimit();
#else
    private static readonly Regex UsedOfLimitRegex = new(UsedOfLimitPattern, RegexOptions.CultureInvariant);

    private static Regex UsedOfLimit() => UsedOfLimitRegex;
#endif
}
