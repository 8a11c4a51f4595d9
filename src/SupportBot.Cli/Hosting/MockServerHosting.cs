namespace SupportBot.Cli.Hosting;

/// <summary>Hosts <c>SupportBot.MockServer</c> for <c>--mock</c> and the <c>mock</c> command.</summary>
internal static class MockServerHosting
{
    /// <summary>Starts the server.</summary>
    public static Task<IMockServerHandle> StartAsync(int? port, string? seedFile, CancellationToken cancellationToken) =>
        throw new CliUsageException("the embedded mock server is not available in this build yet");
}
