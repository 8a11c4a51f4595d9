using Microsoft.Extensions.Logging;

namespace SupportBot.Client.Internal;

/// <summary>The SDK's log events. Stable ids; never the key, the message text or userContext.</summary>
internal static partial class Log
{
    public const int SendingId = 1001;
    public const int ReceivedId = 1002;
    public const int RetryingId = 1003;
    public const int FailedId = 1004;
    public const int HistoryNotDeliveredId = 1007;
    public const int TranscriptNotRememberedId = 1008;

    [LoggerMessage(EventId = SendingId, EventName = "SupportBotRequestSending", Level = LogLevel.Debug,
        Message = "Sending {Provider} {Operation}: {Method} {Path}")]
    public static partial void Sending(ILogger logger, SupportBotProvider provider, string operation, string method, string path);

    [LoggerMessage(EventId = ReceivedId, EventName = "SupportBotResponseReceived", Level = LogLevel.Debug,
        Message = "Received {Provider} {Operation}: HTTP {StatusCode} in {ElapsedMs:0.0} ms")]
    public static partial void Received(ILogger logger, SupportBotProvider provider, string operation, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = RetryingId, EventName = "SupportBotRetrying", Level = LogLevel.Warning,
        Message = "Retrying {Provider} {Method} {Path} (retry {Attempt}) after {DelayMs:0} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, SupportBotProvider provider, string method, string path, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = FailedId, EventName = "SupportBotRequestFailed", Level = LogLevel.Warning,
        Message = "{Provider} {Operation} failed: {ErrorCode} (HTTP {StatusCode})")]
    public static partial void Failed(ILogger logger, SupportBotProvider provider, string operation, SupportBotErrorCode errorCode, int? statusCode);

    [LoggerMessage(EventId = HistoryNotDeliveredId, EventName = "SupportBotHistoryNotDelivered", Level = LogLevel.Warning,
        Message = "{Provider} cannot receive history and this transcript ({Count} messages) continues no conversation this client answered: a new conversation starts without it (UnrecognizedHistory = StartNewConversation)")]
    public static partial void HistoryNotDelivered(ILogger logger, SupportBotProvider provider, int count);

    [LoggerMessage(EventId = TranscriptNotRememberedId, EventName = "SupportBotTranscriptNotRemembered", Level = LogLevel.Warning,
        Message = "{Provider} answered, but the conversation store failed ({ExceptionType}) to remember the transcript: a caller that re-sends it without the conversation id will be refused as unrecognized")]
    public static partial void TranscriptNotRemembered(ILogger logger, SupportBotProvider provider, string exceptionType);
}
