namespace SupportBot.Aspire.Client;

/// <summary>
/// What <c>builder.AddSupportBotClient("supportbot")</c> wires besides the client, bound from the configuration section
/// <c>SupportBot:Aspire:{name}</c> (client options go under its <c>Client</c> child), then changed by the caller's delegate.
/// </summary>
public sealed class SupportBotClientSettings
{
    /// <summary>
    /// The connection string; <c>ConnectionStrings:{name}</c> replaces it when present. Format: <see cref="SupportBotConnectionString"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether the SupportBot health check (the doctor's diagnosis, cached) is left out. Default false.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Whether the SDK's <c>ActivitySource</c> ("SupportBot.Client") is left out of OpenTelemetry tracing. Default false.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Whether the SDK's <c>Meter</c> ("SupportBot.Client") is left out of OpenTelemetry metrics. Default false.</summary>
    public bool DisableMetrics { get; set; }
}
