using SupportBot.MockServer;

namespace SupportBot.OpenApi.Tests.Infrastructure;

/// <summary>One reference mock server (demo seed) for the classes of <see cref="MockServerCollection"/>.</summary>
public sealed class MockServerFixture : IAsyncLifetime
{
    public SupportBotMockServer Server { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync() => Server = await SupportBotMockServer.StartAsync();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>The address of a document's server on the mock server: the provider's folder, then the server URL's path.</summary>
    public Uri BaseAddressOf(ProviderDocument document) => new(Server.BaseAddress, document.Name + document.ServerPath + "/");
}

/// <summary>The mock server is stateful: its classes run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class MockServerCollection : ICollectionFixture<MockServerFixture>
{
    public const string Name = "MockServer";
}

/// <summary>The demo seed's working credentials (docs/contract-fixtures.md), per document and security scheme.</summary>
public static class Credentials
{
    private static readonly Dictionary<(string Document, string Scheme), string> Values = new()
    {
        [("aisupportbot", "apiKey")] = "ask_your_api_key",
        [("asyntai", "bearer")] = "YOUR_API_KEY",
        [("asyntai", "apiKey")] = "YOUR_API_KEY",
        [("chatsupportai", "bearer")] = "YOUR_API_KEY",
        [("agentapi", "bearer")] = "sk_live_your_key_here",
    };

    /// <summary>The headers meeting the first security requirement of <paramref name="operation"/> this table can meet (none for an optional one).</summary>
    public static IReadOnlyDictionary<string, string> For(Operation operation)
    {
        foreach (var requirement in operation.Security.Select(r => r!.AsObject()))
        {
            if (requirement.Count == 0)
            {
                return new Dictionary<string, string>();
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var met = true;
            foreach (var (scheme, _) in requirement)
            {
                if (!Values.TryGetValue((operation.Document.Name, scheme), out var value))
                {
                    met = false;
                    break;
                }

                var definition = operation.Document.Json["components"]!["securitySchemes"]![scheme]!;
                if ((string?)definition["type"] == "http")
                {
                    headers["Authorization"] = "Bearer " + value;
                }
                else
                {
                    headers[(string)definition["name"]!] = value;
                }
            }

            if (met)
            {
                return headers;
            }
        }

        throw new InvalidOperationException($"{operation}: no credentials for its security requirements");
    }

    /// <summary>True when the operation can be called without credentials.</summary>
    public static bool Optional(Operation operation) => operation.Security.Count == 0 || operation.Security.Any(r => r!.AsObject().Count == 0);
}
