using Aspire.Hosting.ApplicationModel;
using SupportBot.Aspire.Hosting.Internal;
using SupportBot.Client;
using SupportBot.MockServer;

namespace Aspire.Hosting;

/// <summary>
/// The reference mock server (<see cref="SupportBotMockServer"/>) as an Aspire resource. It runs inside the AppHost process
/// (no container, no extra executable) on a free loopback port, serves all five providers under their own prefixes, and
/// hands referencing services a connection string for <see cref="Provider"/>.
/// </summary>
public sealed class SupportBotMockServerResource : Resource, IResourceWithConnectionString, IResourceWithWaitSupport
{
    private readonly TaskCompletionSource<SupportBotMockServer> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ApiKeyFileValue _apiKeyFile;
    private readonly MockConnectionStringValue _connectionString;

    internal SupportBotMockServerResource(string name, SupportBotProvider provider, SecretFiles secretFiles) : base(name)
    {
        Provider = provider;
        _apiKeyFile = new ApiKeyFileValue(
            name,
            secretFiles,
            async ct => (await WaitForStartAsync(ct).ConfigureAwait(false)).CreateOptions(Provider).ApiKey,
            [this]);
        _connectionString = new MockConnectionStringValue(this, _apiKeyFile);
    }

    /// <summary>The provider whose endpoint, key and bot the connection string names.</summary>
    public SupportBotProvider Provider { get; }

    /// <summary>The options the server is started with (seed, escalation threshold, …); the port is always a free one.</summary>
    public SupportBotMockServerOptions Options { get; } = new();

    /// <summary>The running server, once started: its journal, fault injection and seed for tests; null before.</summary>
    public SupportBotMockServer? Server => _started.Task.IsCompletedSuccessfully ? _started.Task.Result : null;

    /// <summary>
    /// <c>Endpoint=http://127.0.0.1:{port}/{provider}/;Provider={provider};ApiKeyFile={path};BotId={bot}</c>, known once the
    /// server has started (resolving it waits for that). The key is in the file, never in the string.
    /// </summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{_connectionString}");

    /// <summary>Waits until the server has started (or failed to).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The running server.</returns>
    public Task<SupportBotMockServer> WaitForStartAsync(CancellationToken cancellationToken = default) => _started.Task.WaitAsync(cancellationToken);

    internal void SetStarted(SupportBotMockServer server) => _started.TrySetResult(server);

    internal void SetFailed(Exception exception) => _started.TrySetException(exception);

    private sealed class MockConnectionStringValue(SupportBotMockServerResource resource, ApiKeyFileValue apiKeyFile)
        : IValueProvider, IManifestExpressionProvider, IValueWithReferences
    {
        public string ValueExpression => $"{{{resource.Name}.connectionString}}";

        public IEnumerable<object> References => [resource];

        public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
        {
            var server = await resource.WaitForStartAsync(cancellationToken).ConfigureAwait(false);
            var options = server.CreateOptions(resource.Provider);
            var keyFile = await apiKeyFile.GetValueAsync(cancellationToken).ConfigureAwait(false);
            var value = $"{ConnectionStringKeys.Endpoint}={options.BaseAddress};{ConnectionStringKeys.Provider}={resource.Provider};{ConnectionStringKeys.ApiKeyFile}={keyFile}";
            return string.IsNullOrEmpty(options.DefaultBotId) ? value : $"{value};{ConnectionStringKeys.BotId}={options.DefaultBotId}";
        }
    }
}
