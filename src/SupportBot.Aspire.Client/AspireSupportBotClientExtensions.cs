using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SupportBot.Aspire.Client;
using SupportBot.Client;
using SupportBot.Client.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The Aspire client integration: <c>builder.AddSupportBotClient("supportbot")</c> in a service that an AppHost gave
/// <c>.WithReference(supportbot)</c>.
/// </summary>
public static class AspireSupportBotClientExtensions
{
    /// <summary>The configuration section of <see cref="SupportBotClientSettings"/>; <c>{section}:{name}</c> holds one connection's.</summary>
    public const string DefaultConfigSectionName = "SupportBot:Aspire";

    /// <summary>The name of the SDK's <c>ActivitySource</c> and <c>Meter</c>.</summary>
    public const string TelemetrySourceName = "SupportBot.Client";

    /// <summary>
    /// Registers the default <see cref="ISupportBotClient"/> from <c>ConnectionStrings:{connectionName}</c> (see
    /// <see cref="SupportBotConnectionString"/>) as <c>services.AddSupportBotClient(...)</c> does, with the client options
    /// of <c>SupportBot:Aspire:{connectionName}:Client</c> (timeouts, retries, …; the connection string wins over them),
    /// a health check (<c>supportbot</c>), and the SDK's traces and metrics in OpenTelemetry.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">The connection string's name: the AppHost resource's name.</param>
    /// <param name="configureSettings">Changes the settings after configuration is read.</param>
    /// <param name="configureOptions">Changes the client options after the connection string is applied.</param>
    /// <returns>The HTTP client builder, to add handlers.</returns>
    /// <exception cref="InvalidOperationException">There is no connection string.</exception>
    /// <exception cref="FormatException">The connection string is malformed; the message names the part.</exception>
    public static IHttpClientBuilder AddSupportBotClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<SupportBotClientSettings>? configureSettings = null,
        Action<SupportBotClientOptions>? configureOptions = null) =>
        AddCore(builder, connectionName, serviceKey: null, configureSettings, configureOptions);

    /// <summary>
    /// Registers a keyed <see cref="ISupportBotClient"/> (key <paramref name="name"/>, e.g.
    /// <c>[FromKeyedServices("sales")] ISupportBotClient</c>) from <c>ConnectionStrings:{name}</c>, with the health
    /// check <c>supportbot:{name}</c>; otherwise as <see cref="AddSupportBotClient"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="name">The connection string's name and the service key.</param>
    /// <param name="configureSettings">Changes the settings after configuration is read.</param>
    /// <param name="configureOptions">Changes the client options after the connection string is applied.</param>
    /// <returns>The HTTP client builder, to add handlers.</returns>
    /// <exception cref="InvalidOperationException">There is no connection string.</exception>
    /// <exception cref="FormatException">The connection string is malformed; the message names the part.</exception>
    public static IHttpClientBuilder AddKeyedSupportBotClient(
        this IHostApplicationBuilder builder,
        string name,
        Action<SupportBotClientSettings>? configureSettings = null,
        Action<SupportBotClientOptions>? configureOptions = null) =>
        AddCore(builder, name, serviceKey: name, configureSettings, configureOptions);

    private static IHttpClientBuilder AddCore(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<SupportBotClientSettings>? configureSettings,
        Action<SupportBotClientOptions>? configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var section = builder.Configuration.GetSection($"{DefaultConfigSectionName}:{connectionName}");
        var settings = new SupportBotClientSettings();
        section.Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } fromConnectionStrings)
        {
            settings.ConnectionString = fromConnectionStrings;
        }

        configureSettings?.Invoke(settings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"SupportBot client '{connectionName}': no connection string. Set ConnectionStrings:{connectionName} (an Aspire AppHost does with .WithReference(...)) " +
                $"or {DefaultConfigSectionName}:{connectionName}:ConnectionString, e.g. 'Endpoint=https://support.example.com/api/;Provider=AgentApi;ApiKey=…'.");
        }

        // Parsed now, so a malformed string stops the app at startup with the part that is wrong.
        var connection = SupportBotConnectionString.Parse(settings.ConnectionString, connectionName);

        var clientSection = section.GetSection("Client");
        var httpClientBuilder = serviceKey is null
            ? builder.Services.AddSupportBotClient(clientSection)
            : builder.Services.AddSupportBotClient(serviceKey, clientSection);
        builder.Services.Configure<SupportBotClientOptions>(serviceKey ?? Options.Options.DefaultName, options =>
        {
            connection.ApplyTo(options);
            configureOptions?.Invoke(options);
        });

        if (!settings.DisableHealthChecks)
        {
            var checkName = serviceKey is null
                ? SupportBotHealthChecksBuilderExtensions.DefaultName
                : SupportBotHealthChecksBuilderExtensions.DefaultName + ":" + serviceKey;
            // Like Aspire's own integrations: a check the app registered itself under the same name is kept, not doubled.
            if (!builder.Services.Any(d => d.IsKeyedService && d.ServiceType == typeof(SupportBotHealthCheck) && Equals(d.ServiceKey, checkName)))
            {
                var healthChecks = builder.Services.AddHealthChecks();
                _ = serviceKey is null ? healthChecks.AddSupportBot() : healthChecks.AddSupportBot(serviceKey);
            }
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(TelemetrySourceName));
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(TelemetrySourceName));
        }

        return httpClientBuilder;
    }
}
