namespace SupportBot.Client.Internal;

/// <summary>Builds the HTTP stack the SDK owns when the caller supplies none.</summary>
internal static class SupportBotHttp
{
    /// <summary>How long a pooled connection lives, so DNS changes are picked up.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The primary handler: no automatic redirects (SocketsHttpHandler strips only <c>Authorization</c> on redirect,
    /// so <c>X-API-Key</c> would follow to another host), connections recycled every 2 minutes.
    /// </summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = PooledConnectionLifetime,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };

    /// <summary>The SDK's own handler chain: <see cref="SupportBotResilienceHandler"/> over the primary handler.</summary>
    public static HttpMessageHandler CreatePipeline(SupportBotClientOptions options) =>
        new SupportBotResilienceHandler(options) { InnerHandler = CreatePrimaryHandler() };
}
