using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Client;
using SupportBot.Client.Extensions.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="ISupportBotClient"/> with options validated on start, an <see cref="IHttpClientFactory"/> client
/// (no automatic redirects, pooled connections recycled every 2 minutes) and the SDK's resilience handler.
/// </summary>
public static class SupportBotServiceCollectionExtensions
{
    /// <summary>The <see cref="IHttpClientFactory"/> name of the unnamed client.</summary>
    public const string DefaultHttpClientName = "SupportBot.Client";

    /// <summary>
    /// The name of the resilience pipeline each registration adds with <c>AddResilienceHandler</c>; Microsoft.Extensions.Http.Resilience
    /// names the pipeline instance <c>{client name}-SupportBot</c> in its logs and metrics.
    /// </summary>
    public const string ResiliencePipelineName = "SupportBot";

    /// <summary>
    /// Registers the default <see cref="ISupportBotClient"/> (and <see cref="SupportBotClient"/>) configured by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets provider, key, base address and the rest.</param>
    /// <returns>The HTTP client builder, to add handlers or call <see cref="ConfigureSupportBotResilience"/>.</returns>
    public static IHttpClientBuilder AddSupportBotClient(this IServiceCollection services, Action<SupportBotClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services, name: null, configurationPath: null);
        services.Configure(Options.Options.DefaultName, configure);
        return builder;
    }

    /// <summary>
    /// Registers the default <see cref="ISupportBotClient"/> (and <see cref="SupportBotClient"/>) bound to a configuration section,
    /// e.g. <c>builder.Configuration.GetSection("SupportBot")</c>, which also picks up environment variables such as
    /// <c>SupportBot__ApiKey</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="SupportBotClientOptions"/> keys.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddSupportBotClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services, name: null, PathOf(configuration));
        BindSection(services, Options.Options.DefaultName, configuration);
        return builder;
    }

    /// <summary>
    /// Registers a named client, resolved as a keyed service: <c>[FromKeyedServices("sales")] ISupportBotClient</c> or
    /// <c>GetRequiredKeyedService&lt;ISupportBotClient&gt;("sales")</c>. Use one name per provider or account.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client name: service key, options name and <see cref="IHttpClientFactory"/> name.</param>
    /// <param name="configure">Sets provider, key, base address and the rest.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddSupportBotClient(this IServiceCollection services, string name, Action<SupportBotClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services, name, configurationPath: null);
        services.Configure(name, configure);
        return builder;
    }

    /// <summary>Registers a named (keyed) client bound to a configuration section, e.g. <c>GetSection("SupportBot:Sales")</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client name: service key, options name and <see cref="IHttpClientFactory"/> name.</param>
    /// <param name="configuration">The section holding <see cref="SupportBotClientOptions"/> keys.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddSupportBotClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services, name, PathOf(configuration));
        BindSection(services, name, configuration);
        return builder;
    }

    /// <summary>
    /// Changes the resilience pipeline of a client registered with <c>AddSupportBotClient</c>: timeouts, retry, circuit breaker,
    /// client-side rate limiter. Runs after the values taken from <see cref="SupportBotClientOptions"/>; the same as
    /// <c>services.Configure&lt;SupportBotResilienceOptions&gt;(builder.Name, configure)</c>, which the pipeline reads (and reloads on change).
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddSupportBotClient</c>.</param>
    /// <param name="configure">Changes the settings.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder ConfigureSupportBotResilience(this IHttpClientBuilder builder, Action<SupportBotResilienceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(builder.Name, configure);
        return builder;
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string? name, string? configurationPath)
    {
        var optionsName = name ?? Options.Options.DefaultName;
        var httpName = name ?? DefaultHttpClientName;

        services.AddOptions();
        services.AddSingleton<IValidateOptions<SupportBotClientOptions>>(new SupportBotClientOptionsValidator(optionsName, configurationPath));
        services.AddOptions<SupportBotClientOptions>(optionsName).ValidateOnStart();

        // Resilience settings start from the client options (and DI's clock and logger factory), then ConfigureSupportBotResilience.
        services.AddOptions<SupportBotResilienceOptions>(httpName)
            .Configure<IServiceProvider>((resilience, sp) => CopyFrom(resilience, EffectiveOptions(sp, optionsName, name)));

        var builder = services.AddHttpClient(httpName)
            .ConfigurePrimaryHttpMessageHandler(SupportBotClient.CreatePrimaryHandler)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(static _ => true);
#if NET
        // Microsoft.Extensions.Http.Resilience hosts the SDK's strategies (one pipeline per client name, so the circuit breaker's
        // state outlives IHttpClientFactory's handler rotation); they are rebuilt when the options change.
        builder.AddResilienceHandler(ResiliencePipelineName, (pipeline, context) =>
        {
            context.EnableReloads<SupportBotResilienceOptions>(httpName);
            context.EnableReloads<SupportBotClientOptions>(optionsName);
            pipeline.AddSupportBotStrategies(context.GetOptions<SupportBotResilienceOptions>(httpName), owned => context.OnPipelineDisposed(owned.Dispose));
        });
#else
        // .NET Framework: Microsoft.Extensions.Http.Resilience declares it untested there (a build warning in every consumer), so the
        // core's SupportBotResilienceHandler hosts the same strategies. The handler is kept for the app's life, so the circuit breaker
        // and rate limiter keep their state; connection recycling is ServicePointManager's there (see docs/packaging.md).
        builder.AddHttpMessageHandler(sp => new SupportBotResilienceHandler(sp.GetRequiredService<IOptionsMonitor<SupportBotResilienceOptions>>().Get(httpName)))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
#endif

        if (name is null)
        {
            services.TryAddSingleton(sp => Create(sp, httpName, optionsName, key: null));
            services.TryAddSingleton<ISupportBotClient>(sp => sp.GetRequiredService<SupportBotClient>());
        }
        else
        {
            services.TryAddKeyedSingleton(name, (sp, _) => Create(sp, httpName, optionsName, name));
            services.TryAddKeyedSingleton<ISupportBotClient>(name, (sp, key) => sp.GetRequiredKeyedService<SupportBotClient>(key));
        }

        return builder;
    }

    private static SupportBotClient Create(IServiceProvider sp, string httpName, string optionsName, string? key)
    {
        var options = EffectiveOptions(sp, optionsName, key);
        // The registration's handler chain (resilience, the caller's own handlers, primary), with no HttpClient in between.
        var handler = sp.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(httpName);
        return new SupportBotClient(handler, options);
    }

    /// <summary>The named options, completed from DI: logger factory, conversation store and quota stop (keyed first), clock.</summary>
    private static SupportBotClientOptions EffectiveOptions(IServiceProvider sp, string optionsName, string? key)
    {
        var options = sp.GetRequiredService<IOptionsMonitor<SupportBotClientOptions>>().Get(optionsName).Clone();
        options.LoggerFactory ??= sp.GetService<ILoggerFactory>();
        options.ConversationStore ??= (key is null ? null : sp.GetKeyedService<IConversationStore>(key)) ?? sp.GetService<IConversationStore>();
        options.QuotaStop ??= (key is null ? null : sp.GetKeyedService<ISupportBotQuotaStop>(key)) ?? sp.GetService<ISupportBotQuotaStop>();
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && sp.GetService<TimeProvider>() is { } clock)
        {
            options.TimeProvider = clock;
        }

        return options;
    }

    private static void CopyFrom(SupportBotResilienceOptions resilience, SupportBotClientOptions options)
    {
        var from = SupportBotResilienceOptions.FromClientOptions(options);
        resilience.TotalTimeout = from.TotalTimeout;
        resilience.AttemptTimeout = from.AttemptTimeout;
        resilience.Retry = from.Retry;
        resilience.ClientRateLimit = from.ClientRateLimit;
        resilience.TimeProvider = from.TimeProvider;
        resilience.LoggerFactory = from.LoggerFactory;
    }

    /// <summary>
    /// Binds a section; a <c>Provider</c> value that is no provider name fails with the names to use instead of the binder's bare
    /// "Failed to convert configuration value".
    /// </summary>
    private static void BindSection(IServiceCollection services, string optionsName, IConfiguration configuration)
    {
        // Runs before the binder (configure actions run in registration order), which would throw first.
        services.AddOptions<SupportBotClientOptions>(optionsName).Configure(options =>
        {
            if (configuration[nameof(SupportBotClientOptions.Provider)] is { Length: > 0 } value
                && !Enum.TryParse<SupportBotProvider>(value, ignoreCase: true, out _))
            {
                throw new OptionsValidationException(optionsName, typeof(SupportBotClientOptions), [UnknownProvider(configuration, value)]);
            }
        });
        services.AddOptions<SupportBotClientOptions>(optionsName).Bind(configuration);
    }

    private static string UnknownProvider(IConfiguration configuration, string value)
    {
        var key = PathOf(configuration) is { } path ? path + ":Provider" : "Provider";
        return $"{key}: '{value}' is not a provider. Use one of {string.Join(", ", Enum.GetNames<SupportBotProvider>())} "
            + "(these spellings, in any letter case; no spaces: ChatSupport AI is ChatSupportAI).";
    }

    private static string? PathOf(IConfiguration configuration) => (configuration as IConfigurationSection)?.Path;
}
