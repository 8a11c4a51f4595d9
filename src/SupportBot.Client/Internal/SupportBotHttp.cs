namespace SupportBot.Client.Internal;

/// <summary>Builds the HTTP stack the SDK owns when the caller supplies none.</summary>
internal static class SupportBotHttp
{
    /// <summary>How long a pooled connection lives, so DNS changes are picked up.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The primary handler: no automatic redirects (the handler strips only <c>Authorization</c> on redirect, so <c>X-API-Key</c>
    /// would follow to another host). On .NET a <c>SocketsHttpHandler</c> whose connections are recycled every 2 minutes; on .NET
    /// Framework an <see cref="HttpClientHandler"/> (its connections belong to <c>ServicePointManager</c>, whose
    /// <c>ConnectionLeaseTimeout</c> the application sets).
    /// </summary>
    public static HttpMessageHandler CreatePrimaryHandler() =>
#if NET
        new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = PooledConnectionLifetime,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
#else
        new HttpClientHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
        };
#endif

    /// <summary>The SDK's own handler chain: <see cref="SupportBotResilienceHandler"/> over the primary handler.</summary>
    public static HttpMessageHandler CreatePipeline(SupportBotClientOptions options) =>
        new SupportBotResilienceHandler(options) { InnerHandler = CreatePrimaryHandler() };
}
