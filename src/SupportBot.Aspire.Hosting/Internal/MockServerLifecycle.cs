using Aspire.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace SupportBot.Aspire.Hosting.Internal;

/// <summary>Healthy once the in-process mock server has started and answers HTTP on its address.</summary>
internal sealed class MockServerHealthCheck(SupportBotMockServerResource resource) : IHealthCheck
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (resource.Server is not { } server)
        {
            return HealthCheckResult.Unhealthy("The mock server has not started.");
        }

        try
        {
            // Any HTTP answer (the root is a 404) proves Kestrel is accepting and serving requests.
            using var response = await Http.GetAsync(server.BaseAddress, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Serving on {server.BaseAddress}");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy("The mock server does not answer.", ex);
        }
    }
}

/// <summary>Stops the in-process mock servers and deletes the key files when the AppHost stops.</summary>
internal sealed class SupportBotAppHostCleanup(SecretFiles secretFiles) : IHostedService
{
    public SecretFiles SecretFiles { get; } = secretFiles;

    private readonly List<SupportBotMockServerResource> _servers = [];

    public void Add(SupportBotMockServerResource resource)
    {
        lock (_servers)
        {
            _servers.Add(resource);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        SupportBotMockServerResource[] servers;
        lock (_servers)
        {
            servers = [.. _servers];
        }

        foreach (var resource in servers)
        {
            if (resource.Server is { } server)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }

        SecretFiles.Dispose();
    }
}
