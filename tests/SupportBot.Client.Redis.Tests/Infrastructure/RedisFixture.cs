using StackExchange.Redis;

namespace SupportBot.Client.Redis.Tests.Infrastructure;

/// <summary>
/// The redis-server the tests run against: the address in <c>SUPPORTBOT_TEST_REDIS</c> (host:port, set by .ci/run, which starts
/// Debian's redis-server for the run). In CI (<c>CI=true</c>) a missing variable fails every test; on a developer's machine the
/// fixture starts a redis-server of its own when one is installed, and fails otherwise — never a silent skip.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public const string Variable = "SUPPORTBOT_TEST_REDIS";

    private RedisServerProcess? _own;

    public string Endpoint { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Endpoint = configured.Trim();
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: in CI, .ci/run starts redis-server and exports its address (host:port). The Redis tests do not skip.");
        }

        try
        {
            _own = await RedisServerProcess.StartAsync();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"{Variable} is not set and no redis-server is installed: install Debian's redis-server (apt-get install redis-server) or point {Variable} at a server.", ex);
        }

        Endpoint = _own.Endpoint;
    }

    public async Task DisposeAsync()
    {
        if (_own is not null)
        {
            await _own.DisposeAsync();
        }
    }

    /// <summary>A new connection of its own (an "instance"), with short timeouts so that an outage is reported in seconds.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectAsync(Endpoint);

    public static Task<ConnectionMultiplexer> ConnectAsync(string endpoint) =>
        ConnectionMultiplexer.ConnectAsync(Configuration(endpoint));

    public static ConfigurationOptions Configuration(string endpoint) => new()
    {
        EndPoints = { endpoint },
        AbortOnConnectFail = false,
        ConnectTimeout = 2000,
        AsyncTimeout = 2000,
        SyncTimeout = 2000,
        ConnectRetry = 1,
        ReconnectRetryPolicy = new LinearRetry(200),
    };

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix(string what) => $"sbtest:{what}:{Guid.NewGuid():N}:";
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}
