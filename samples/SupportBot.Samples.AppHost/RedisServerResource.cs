using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SupportBot.Samples.AppHost;

/// <summary>
/// Redis as an executable resource: Debian's <c>redis-server</c> (apt-get install redis-server) started by the AppHost, for
/// machines without a container runtime, where <c>AddRedis</c> (a container) would wait forever. In memory only: no
/// RDB snapshot, no AOF, bound to loopback. With a container runtime, <c>builder.AddRedis("redis")</c>
/// (Aspire.Hosting.Redis) gives the same connection string.
/// </summary>
public sealed class RedisServerResource(string name) : ExecutableResource(name, "redis-server", Path.GetTempPath()), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    /// <summary>The Redis endpoint (DCP allocates the port; its proxy forwards to redis-server).</summary>
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    /// <summary><c>host:port</c>, the StackExchange.Redis configuration string.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}

/// <summary>Adds <see cref="RedisServerResource"/>.</summary>
public static class RedisServerResourceExtensions
{
    /// <summary>Runs <c>redis-server</c> from PATH as a resource with a PING health check.</summary>
    /// <param name="builder">The AppHost builder.</param>
    /// <param name="name">The resource (and connection string) name.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<RedisServerResource> AddRedisServerExecutable(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resource = new RedisServerResource(name);
        var healthCheckKey = $"{name}_redis_ping";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, ct => PingAsync(resource, ct));
        return builder.AddResource(resource)
            .WithEndpoint(scheme: "tcp", name: RedisServerResource.EndpointName)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("no");
            })
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    private static async Task<HealthCheckResult> PingAsync(RedisServerResource resource, CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = resource.PrimaryEndpoint;
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"redis-server answered PING with '{answer.Trim()}'.");
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("redis-server does not answer.", ex);
        }
    }
}
