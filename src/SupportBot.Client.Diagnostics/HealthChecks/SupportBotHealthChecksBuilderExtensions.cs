using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SupportBot.Client;
using SupportBot.Client.Diagnostics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds SupportBot health checks: <c>services.AddHealthChecks().AddSupportBot()</c>.</summary>
public static class SupportBotHealthChecksBuilderExtensions
{
    /// <summary>The default health check name of the unnamed client.</summary>
    public const string DefaultName = "supportbot";

    /// <summary>
    /// Checks the default client (the <see cref="SupportBotClientOptions"/> that <c>AddSupportBotClient(...)</c> configured, or any
    /// <c>services.Configure&lt;SupportBotClientOptions&gt;</c>) with <see cref="SupportBotDoctor"/>, cached (5 minutes by default).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Changes cache and diagnosis settings.</param>
    /// <param name="failureStatus">The status on failures; Unhealthy when null.</param>
    /// <param name="tags">Tags to filter health endpoints by.</param>
    /// <returns>The same builder.</returns>
    public static IHealthChecksBuilder AddSupportBot(
        this IHealthChecksBuilder builder,
        Action<SupportBotHealthCheckOptions>? configure = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null) =>
        AddSupportBotCore(builder, clientName: null, DefaultName, configure, failureStatus, tags);

    /// <summary>
    /// Checks a named (keyed) client registered with <c>AddSupportBotClient(name, ...)</c>; the health check is named
    /// <c>supportbot:{clientName}</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="clientName">The client's name (its options name and service key).</param>
    /// <param name="configure">Changes cache and diagnosis settings.</param>
    /// <param name="failureStatus">The status on failures; Unhealthy when null.</param>
    /// <param name="tags">Tags to filter health endpoints by.</param>
    /// <returns>The same builder.</returns>
    public static IHealthChecksBuilder AddSupportBot(
        this IHealthChecksBuilder builder,
        string clientName,
        Action<SupportBotHealthCheckOptions>? configure = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientName);
        return AddSupportBotCore(builder, clientName, DefaultName + ":" + clientName, configure, failureStatus, tags);
    }

    private static IHealthChecksBuilder AddSupportBotCore(
        IHealthChecksBuilder builder,
        string? clientName,
        string name,
        Action<SupportBotHealthCheckOptions>? configure,
        HealthStatus? failureStatus,
        IEnumerable<string>? tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new SupportBotHealthCheckOptions();
        configure?.Invoke(settings);
        var optionsName = clientName ?? Options.Options.DefaultName;

        // One health check instance per registration (a keyed singleton) holds the cache; the registration's factory runs on every probe.
        builder.Services.AddKeyedSingleton(name, (sp, _) => new SupportBotHealthCheck(
            () => sp.GetRequiredService<IOptionsMonitor<SupportBotClientOptions>>().Get(optionsName),
            settings,
            sp.GetService<TimeProvider>()));
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => sp.GetRequiredKeyedService<SupportBotHealthCheck>(name),
            failureStatus,
            tags));
    }
}
