using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Cli.Hosting;

/// <summary>Hosts <c>SupportBot.MockServer</c> for <c>--mock</c> and the <c>mock</c> command.</summary>
internal static class MockServerHosting
{
    /// <summary>Starts the server on 127.0.0.1 (a free port unless <paramref name="port"/> is given) with the demo seed or <paramref name="seedFile"/>.</summary>
    public static async Task<IMockServerHandle> StartAsync(int? port, string? seedFile, CancellationToken cancellationToken)
    {
        MockSeed? seed = null;
        if (seedFile is not null)
        {
            try
            {
                seed = MockSeed.Load(seedFile);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
            {
                throw new CliUsageException($"--seed '{seedFile}' is not a valid seed: {ex.Message}");
            }
        }

        SupportBotMockServer server;
        try
        {
            server = await SupportBotMockServer.StartAsync(
                new SupportBotMockServerOptions { Port = port ?? 0, Seed = seed },
                cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new CliUsageException($"could not start the mock server on port {port ?? 0}: {ex.Message}");
        }

        return new Handle(server);
    }

    private sealed class Handle(SupportBotMockServer server) : IMockServerHandle
    {
        public Uri BaseAddress => server.BaseAddress;

        public Uri BaseAddressFor(SupportBotProvider provider) => server.BaseAddressFor(provider);

        public SupportBotClientOptions CreateOptions(SupportBotProvider provider) => server.CreateOptions(provider);

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }
}
