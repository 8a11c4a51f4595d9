using System.Text.Json;
using SupportBot.Client;

namespace SupportBot.Cli;

/// <summary>A problem with how the tool was called (exit code 2).</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>Maps exceptions to one readable line and an exit code.</summary>
internal static class CliErrors
{
    /// <summary>The exit code for an exception.</summary>
    public static int ExitCodeFor(Exception exception) => exception switch
    {
        CliUsageException => ExitCodes.Usage,
        SupportBotValidationException => ExitCodes.Usage,
        SupportBotNotSupportedException => ExitCodes.Usage,
        SupportBotAuthenticationException => ExitCodes.Authentication,
        SupportBotQuotaExceededException or SupportBotRateLimitException => ExitCodes.QuotaOrRateLimit,
        SupportBotException => ExitCodes.ProviderFailure,
        HttpRequestException or IOException when exception is not FileNotFoundException and not DirectoryNotFoundException => ExitCodes.ProviderFailure,
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or JsonException or FormatException => ExitCodes.Usage,
        OperationCanceledException => ExitCodes.Canceled,
        _ => ExitCodes.ProviderFailure,
    };

    /// <summary>A short error code name for an exception (the SDK's <see cref="SupportBotErrorCode"/> where there is one).</summary>
    public static string CodeFor(Exception exception) => exception switch
    {
        SupportBotException sb => sb.ErrorCode.ToString(),
        CliUsageException => "Usage",
        HttpRequestException => nameof(SupportBotErrorCode.Network),
        OperationCanceledException => "Canceled",
        _ => exception.GetType().Name.Replace("Exception", string.Empty, StringComparison.Ordinal),
    };

    /// <summary>The exception as one line, without a stack trace.</summary>
    public static string OneLine(Exception exception)
    {
        var message = exception switch
        {
            OperationCanceledException => "canceled",
            SupportBotRateLimitException { RetryAfter: { } ra } rl when !rl.Message.Contains("retry after", StringComparison.OrdinalIgnoreCase) =>
                $"{rl.Message} (retry after {ra.TotalSeconds:0.#} s)",
            _ => exception.Message,
        };
        return Flatten(message);
    }

    /// <summary>Collapses whitespace and line breaks so the text fits one line.</summary>
    public static string Flatten(string text)
    {
        var parts = text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', parts);
    }
}
