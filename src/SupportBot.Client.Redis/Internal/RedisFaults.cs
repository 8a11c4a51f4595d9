using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SupportBot.Client.Redis.Internal;

/// <summary>Redis failures as the SDK's typed error (<see cref="SupportBotErrorCode.StateStoreUnavailable"/>), and their log events.</summary>
internal static partial class RedisFaults
{
    /// <summary>What StackExchange.Redis throws when the server cannot be reached, times out or refuses the command.</summary>
    public static bool IsRedisFault(Exception exception) => exception is RedisException or RedisTimeoutException;

    /// <summary>The typed error for a Redis fault; the message names the component and operation, never a key's value or a secret.</summary>
    public static SupportBotException Unavailable(string component, string operation, Exception exception)
    {
        var reason = exception switch
        {
            RedisConnectionException c => $"the server could not be reached ({c.FailureType})",
            RedisTimeoutException => "the server did not answer in time",
            RedisServerException => "the server refused the command",
            _ => "the call failed",
        };
        return new SupportBotException(
            $"{component} {operation} failed: {reason}. Redis holds state every instance shares; nothing was sent to the provider, nothing was lost silently. Retry later.",
            SupportBotErrorCode.StateStoreUnavailable,
            exception)
        {
            Operation = operation,
        };
    }

    public const int DegradedId = 1101;
    public const int FailOpenId = 1102;

    [LoggerMessage(EventId = DegradedId, EventName = "SupportBotRedisStoreDegraded", Level = LogLevel.Warning,
        Message = "Redis conversation store {Operation} failed ({ExceptionType}); degrading as configured: {Consequence}")]
    public static partial void Degraded(ILogger logger, string operation, string exceptionType, string consequence, Exception exception);

    [LoggerMessage(EventId = FailOpenId, EventName = "SupportBotRedisFailOpen", Level = LogLevel.Warning,
        Message = "{Component} could not reach Redis ({ExceptionType}); letting the call through as configured")]
    public static partial void FailOpen(ILogger logger, string component, string exceptionType, Exception exception);
}
