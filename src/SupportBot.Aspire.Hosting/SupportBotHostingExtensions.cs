using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SupportBot.Aspire.Hosting.Internal;
using SupportBot.Client;
using SupportBot.MockServer;

namespace Aspire.Hosting;

/// <summary>
/// Adds SupportBot resources to an Aspire AppHost: <c>builder.AddSupportBotMockServer("supportbot")</c> for the reference
/// mock server, <c>builder.AddSupportBotProvider("support", SupportBotProvider.AgentApi, apiKey)</c> for a real provider.
/// A service then takes the connection string with <c>.WithReference(...)</c> and registers the client with
/// <c>builder.AddSupportBotClient("supportbot")</c> (SupportBot.Aspire.Client).
/// </summary>
public static class SupportBotHostingExtensions
{
    /// <summary>The resource type shown in the dashboard for the mock server.</summary>
    public const string MockServerResourceType = "SupportBotMockServer";

    /// <summary>The resource type shown in the dashboard for a provider.</summary>
    public const string ProviderResourceType = "SupportBotProvider";

    /// <summary>
    /// Runs the reference mock server as a resource: started in the AppHost process on a free loopback port when the
    /// application starts, with a health check, one dashboard URL per provider, and a connection string for
    /// <paramref name="provider"/> (its seeded key and default bot). Not part of a published manifest: it is for
    /// development and tests.
    /// </summary>
    /// <param name="builder">The AppHost builder.</param>
    /// <param name="name">The resource name, also the connection string's name in referencing services.</param>
    /// <param name="provider">The provider the connection string names (default <see cref="SupportBotProvider.AgentApi"/>).</param>
    /// <param name="configure">Changes the server's options (seed, escalation threshold, …) before it starts.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<SupportBotMockServerResource> AddSupportBotMockServer(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        SupportBotProvider provider = SupportBotProvider.AgentApi,
        Action<SupportBotMockServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var cleanup = GetCleanup(builder);
        var resource = new SupportBotMockServerResource(name, provider, cleanup.SecretFiles);
        configure?.Invoke(resource.Options);
        cleanup.Service.Add(resource);

        var healthCheckKey = $"{name}_supportbot_mock_check";
        builder.Services.AddHealthChecks().AddCheck(healthCheckKey, new MockServerHealthCheck(resource));

        return builder.AddResource(resource)
            .ExcludeFromManifest()
            .WithHealthCheck(healthCheckKey)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = MockServerResourceType,
                State = KnownResourceStates.NotStarted,
                Properties = [new ResourcePropertySnapshot("supportbot.provider", provider.ToString())],
            })
            .OnInitializeResource(static async (resource, evt, ct) =>
            {
                try
                {
                    await evt.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, evt.Services), ct).ConfigureAwait(false);
                    await evt.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Starting }).ConfigureAwait(false);

                    resource.Options.Port = 0;
                    var server = await SupportBotMockServer.StartAsync(resource.Options, ct).ConfigureAwait(false);
                    resource.SetStarted(server);
                    evt.Logger.LogInformation("SupportBot mock server listening on {BaseAddress}", server.BaseAddress);

                    var urls = Enum.GetValues<SupportBotProvider>()
                        .Select((p, i) => new UrlSnapshot(p.ToString(), server.BaseAddressFor(p).ToString(), IsInternal: false)
                        {
                            DisplayProperties = new UrlDisplayPropertiesSnapshot(p.ToString(), SortOrder: i),
                        })
                        .ToImmutableArray();
                    await evt.Notifications.PublishUpdateAsync(resource, s => s with
                    {
                        State = KnownResourceStates.Running,
                        StartTimeStamp = DateTime.UtcNow,
                        Urls = urls,
                    }).ConfigureAwait(false);
                    await evt.Eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, evt.Services), ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    resource.SetFailed(ex);
                    evt.Logger.LogError(ex, "The SupportBot mock server '{ResourceName}' failed to start", resource.Name);
                    await evt.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.FailedToStart }).ConfigureAwait(false);
                }
            });
    }

    /// <summary>
    /// A real provider as a resource: its API key is an Aspire parameter (mark it <c>secret: true</c>); the endpoint and
    /// bot id are optional parameters (AgentApi has no default endpoint). Referencing services get
    /// <c>Endpoint=…;Provider=…;ApiKeyFile=…;BotId=…</c>: the key is written to a file only the current user can read and
    /// deleted when the AppHost stops, so it never shows in the dashboard, an environment listing or a log.
    /// </summary>
    /// <param name="builder">The AppHost builder.</param>
    /// <param name="name">The resource name, also the connection string's name in referencing services.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="apiKey">The API key parameter, e.g. <c>builder.AddParameter("supportbot-key", secret: true)</c>.</param>
    /// <param name="endpoint">The base address parameter; null for the provider's documented default.</param>
    /// <param name="botId">The default bot parameter; null when requests name their bot.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<SupportBotProviderResource> AddSupportBotProvider(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        SupportBotProvider provider,
        IResourceBuilder<ParameterResource> apiKey,
        IResourceBuilder<ParameterResource>? endpoint = null,
        IResourceBuilder<ParameterResource>? botId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(apiKey);

        var cleanup = GetCleanup(builder);
        var resource = new SupportBotProviderResource(
            name, provider, apiKey.Resource, endpoint?.Resource, botId?.Resource, cleanup.SecretFiles, builder.ExecutionContext.IsPublishMode);

        var rb = builder.AddResource(resource)
            .WithReferenceRelationship(apiKey.Resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = ProviderResourceType,
                State = KnownResourceStates.NotStarted,
                Properties = [new ResourcePropertySnapshot("supportbot.provider", provider.ToString())],
            })
            .OnInitializeResource(static async (resource, evt, ct) =>
            {
                await evt.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, evt.Services), ct).ConfigureAwait(false);
                await evt.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow }).ConfigureAwait(false);
                await evt.Eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, evt.Services), ct).ConfigureAwait(false);
            });
        if (endpoint is not null)
        {
            rb.WithReferenceRelationship(endpoint.Resource);
        }

        if (botId is not null)
        {
            rb.WithReferenceRelationship(botId.Resource);
        }

        return rb;
    }

    /// <summary>The running mock server's address for <paramref name="provider"/> (tests, other resources' settings).</summary>
    /// <param name="builder">The mock server resource.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="cancellationToken">Stops waiting for the server to start.</param>
    /// <returns>e.g. <c>http://127.0.0.1:41235/agentapi/</c>.</returns>
    public static async Task<Uri> GetBaseAddressAsync(this IResourceBuilder<SupportBotMockServerResource> builder, SupportBotProvider provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var server = await builder.Resource.WaitForStartAsync(cancellationToken).ConfigureAwait(false);
        return server.BaseAddressFor(provider);
    }

    private static (SecretFiles SecretFiles, SupportBotAppHostCleanup Service) GetCleanup(IDistributedApplicationBuilder builder)
    {
        // One key folder and one cleanup per AppHost, shared by every SupportBot resource in it.
        var existing = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(SupportBotAppHostCleanup))?.ImplementationInstance as SupportBotAppHostCleanup;
        if (existing is not null)
        {
            return (existing.SecretFiles, existing);
        }

        var cleanup = new SupportBotAppHostCleanup(new SecretFiles());
        builder.Services.AddSingleton(cleanup);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService>(cleanup));
        return (cleanup.SecretFiles, cleanup);
    }
}
