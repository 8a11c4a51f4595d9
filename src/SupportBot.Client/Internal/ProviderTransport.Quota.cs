using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SupportBot.Client.Internal;

/// <summary>The shared quota stop (<see cref="SupportBotClientOptions.QuotaStop"/>): consulted before a chat message, tripped by a quota error.</summary>
internal sealed partial class ProviderTransport
{
    private SupportBotQuotaScope? _quotaScope;

    /// <summary>The provider, base address and key as a fingerprint; computed once, the key is not kept in it.</summary>
    public SupportBotQuotaScope QuotaScope => _quotaScope ??= SupportBotQuotaScope.For(Provider, BaseAddress, Options.ApiKey);

    /// <summary>Throws <see cref="SupportBotQuotaExceededException"/>, with nothing sent, while a stop is in force for this key.</summary>
    private async ValueTask ThrowIfQuotaStoppedAsync(ISupportBotQuotaStop stop, string operation, CancellationToken cancellationToken)
    {
        if (await stop.GetAsync(QuotaScope, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            return;
        }

        var now = Options.TimeProvider.GetUtcNow();
        if (entry.Until <= now)
        {
            return;
        }

        var usage = entry is { Used: { } used, Limit: { } limit }
            ? string.Create(CultureInfo.InvariantCulture, $" ({used}/{limit})")
            : string.Empty;
        throw new SupportBotQuotaExceededException(string.Create(CultureInfo.InvariantCulture,
            $"{Provider} {operation} was not sent: the plan quota of this key was reported exhausted{usage}; the quota stop holds until {entry.Until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC."))
        {
            Provider = Provider,
            Operation = operation,
            Details = entry.Details,
            Used = entry.Used,
            Limit = entry.Limit,
            RetryAfter = entry.Until - now,
        };
    }

    /// <summary>Records the provider's quota error in the stop. A failing stop is logged; the provider's error is still what the caller gets.</summary>
    private async ValueTask TripQuotaStopAsync(ISupportBotQuotaStop stop, SupportBotQuotaExceededException exception, string operation)
    {
        try
        {
            // Not the caller's token: the provider has answered; recording that must not be cut short.
            await stop.TripAsync(QuotaScope, exception, CancellationToken.None).ConfigureAwait(false);
            Log.QuotaStopTripped(Logger, Provider, operation, QuotaScope.KeyFingerprint);
        }
#pragma warning disable CA1031 // The quota error is what the caller must get; a failing stop is reported in the log.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.QuotaStopFailed(Logger, Provider, operation, ex.GetType().Name, ex);
        }
    }
}

internal static partial class Log
{
    public const int QuotaStopTrippedId = 1005;
    public const int QuotaStopFailedId = 1006;

    [LoggerMessage(EventId = QuotaStopTrippedId, EventName = "SupportBotQuotaStopTripped", Level = LogLevel.Warning,
        Message = "{Provider} {Operation}: the plan quota is exhausted; the quota stop now holds chat messages of key {KeyFingerprint}")]
    public static partial void QuotaStopTripped(ILogger logger, SupportBotProvider provider, string operation, string keyFingerprint);

    [LoggerMessage(EventId = QuotaStopFailedId, EventName = "SupportBotQuotaStopFailed", Level = LogLevel.Warning,
        Message = "{Provider} {Operation}: the quota stop could not record the exhausted quota ({ExceptionType})")]
    public static partial void QuotaStopFailed(ILogger logger, SupportBotProvider provider, string operation, string exceptionType, Exception exception);
}
