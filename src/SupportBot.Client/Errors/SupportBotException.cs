using System.Globalization;
using System.Text;

namespace SupportBot.Client;

/// <summary>
/// The one exception family of the SDK. Carries the provider, HTTP status, normalized <see cref="ErrorCode"/>,
/// the provider's details and a truncated response body. Never contains the API key or userContext.
/// </summary>
public class SupportBotException : Exception
{
    /// <summary>The most characters of a response body kept in <see cref="ResponseBody"/>.</summary>
    public const int MaxResponseBodyLength = 4096;

    /// <summary>Creates an exception.</summary>
    public SupportBotException()
        : this("A support-bot request failed.", SupportBotErrorCode.ServerError)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    public SupportBotException(string message)
        : this(message, SupportBotErrorCode.ServerError)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SupportBotException(string message, Exception? innerException)
        : this(message, SupportBotErrorCode.ServerError, innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message (must not contain secrets).</param>
    /// <param name="errorCode">The normalized error code.</param>
    /// <param name="innerException">The cause.</param>
    public SupportBotException(string message, SupportBotErrorCode errorCode, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The provider that failed, when known.</summary>
    public SupportBotProvider? Provider { get; init; }

    /// <summary>The HTTP status code, when a response was received.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The normalized error code.</summary>
    public SupportBotErrorCode ErrorCode { get; }

    /// <summary>The provider's error text and details (e.g. AISupportBot <c>details</c>).</summary>
    public string? Details { get; init; }

    /// <summary>How long the provider asked to wait (<c>Retry-After</c>), when sent.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The provider's request id header, when sent.</summary>
    public string? RequestId { get; init; }

    /// <summary>The operation that failed, e.g. <c>Chat</c>.</summary>
    public string? Operation { get; init; }

    /// <summary>
    /// The URL the failed request went to, without query, fragment or user info (so without secrets), when the error came
    /// from an HTTP response; compare it with the provider's documented endpoint when a call fails with 404.
    /// </summary>
    public Uri? RequestUri { get; init; }

    /// <summary>The response body, truncated to <see cref="MaxResponseBodyLength"/> characters, secrets removed.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>The <c>X-Quota-Warning</c> header of the error response, when sent.</summary>
    public string? QuotaWarning { get; init; }

    /// <summary>The rate-limit headers of the error response (<c>X-RateLimit-*</c>, <c>Retry-After</c>), when sent.</summary>
    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>Whether retrying the same call later may succeed.</summary>
    public virtual bool IsRetryable => ErrorCode is SupportBotErrorCode.RateLimited or SupportBotErrorCode.ServiceUnavailable
        or SupportBotErrorCode.ServerError or SupportBotErrorCode.Timeout or SupportBotErrorCode.Network
        or SupportBotErrorCode.StateStoreUnavailable;

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder(base.ToString());
        sb.AppendLine().Append("ErrorCode: ").Append(ErrorCode);
        if (Provider is { } p) sb.AppendLine().Append("Provider: ").Append(p);
        if (StatusCode is { } s) sb.AppendLine().Append("Status: ").Append(s.ToString(CultureInfo.InvariantCulture));
        if (RequestId is not null) sb.AppendLine().Append("RequestId: ").Append(RequestId);
        return sb.ToString();
    }
}

/// <summary>The request was invalid and nothing was sent.</summary>
public sealed class SupportBotValidationException : SupportBotException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="parameterName">The offending parameter or option.</param>
    public SupportBotValidationException(string message, string? parameterName = null)
        : base(message, SupportBotErrorCode.InvalidRequest)
    {
        ParameterName = parameterName;
    }

    /// <summary>The offending parameter or option, e.g. <c>Message</c> or <c>ApiKey</c>.</summary>
    public string? ParameterName { get; }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}

/// <summary>The key was rejected (401) or may not do this (403). Fix the key or its scopes.</summary>
public sealed class SupportBotAuthenticationException : SupportBotException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="errorCode"><see cref="SupportBotErrorCode.Unauthorized"/> or <see cref="SupportBotErrorCode.Forbidden"/>.</param>
    public SupportBotAuthenticationException(string message, SupportBotErrorCode errorCode = SupportBotErrorCode.Unauthorized)
        : base(message, errorCode)
    {
    }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}

/// <summary>A per-window rate limit was hit. Retry after <see cref="SupportBotException.RetryAfter"/>.</summary>
public sealed class SupportBotRateLimitException : SupportBotException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SupportBotRateLimitException(string message)
        : base(message, SupportBotErrorCode.RateLimited)
    {
    }

    /// <inheritdoc />
    public override bool IsRetryable => true;
}

/// <summary>The plan's quota is exhausted. Not retryable: upgrade the plan or wait for the reset.</summary>
public sealed class SupportBotQuotaExceededException : SupportBotException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SupportBotQuotaExceededException(string message)
        : base(message, SupportBotErrorCode.QuotaExceeded)
    {
    }

    /// <summary>Units used in the period, when the provider says (AISupportBot <c>(1000/1000)</c>).</summary>
    public long? Used { get; init; }

    /// <summary>Units allowed in the period, when the provider says.</summary>
    public long? Limit { get; init; }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}

/// <summary>The provider does not offer the operation. Check <see cref="ISupportBotClient.Capabilities"/> first.</summary>
public sealed class SupportBotNotSupportedException : SupportBotException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="operation">The operation, e.g. <c>GetWebsites</c>.</param>
    public SupportBotNotSupportedException(SupportBotProvider provider, string operation)
        : base($"{provider} does not support {operation}.", SupportBotErrorCode.NotSupported)
    {
        Provider = provider;
        Operation = operation;
    }

    /// <summary>Creates the exception with a message that says what to do instead.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="operation">The operation or input refused, e.g. <c>Instructions</c> or <c>History</c>.</param>
    /// <param name="message">What cannot be carried and what to do instead.</param>
    public SupportBotNotSupportedException(SupportBotProvider provider, string operation, string message)
        : base(message, SupportBotErrorCode.NotSupported)
    {
        Provider = provider;
        Operation = operation;
    }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}
