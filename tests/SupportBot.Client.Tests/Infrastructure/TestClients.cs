using SupportBot.Client.Providers.AgentApi;

namespace SupportBot.Client.Tests.Infrastructure;

public static class TestClients
{
    public const string AISupportBotKey = "ask_test_secret_key_123";
    public const string AsyntaiKey = "asyntai_secret_key_456";
    public const string ChatSupportKey = "chatsupport_secret_key_789";
    public const string AgentApiKey = "sk_live_secret_key_000";
    public static readonly Uri AgentApiBase = new("https://support.example.com/api/");

    public static SupportBotClientOptions Options(SupportBotProvider provider, Action<SupportBotClientOptions>? configure = null)
    {
        var options = provider switch
        {
            SupportBotProvider.AISupportBot => new SupportBotClientOptions { Provider = provider, ApiKey = AISupportBotKey, DefaultBotId = "clz1abc..." },
            SupportBotProvider.Asyntai => new SupportBotClientOptions { Provider = provider, ApiKey = AsyntaiKey },
            SupportBotProvider.ChatSupportAI => new SupportBotClientOptions { Provider = provider, ApiKey = ChatSupportKey, DefaultBotId = "YOUR_WIDGET_ID" },
            SupportBotProvider.AskIA => new SupportBotClientOptions { Provider = provider, DefaultBotId = "YOUR_BOT_ID" },
            SupportBotProvider.AgentApi => new SupportBotClientOptions { Provider = provider, ApiKey = AgentApiKey, BaseAddress = AgentApiBase },
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        options.Retry = new SupportBotRetryOptions { MaxRetries = 0 };
        configure?.Invoke(options);
        return options;
    }

    public static (SupportBotClient Client, RecordingHandler Handler) Create(SupportBotProvider provider, Action<SupportBotClientOptions>? configure = null)
    {
        var handler = new RecordingHandler();
        var client = new SupportBotClient(new HttpClient(handler), Options(provider, configure));
        return (client, handler);
    }

    public static (AgentApiClient Client, RecordingHandler Handler) AgentApi()
    {
        var handler = new RecordingHandler();
        return (new AgentApiClient(new HttpClient(handler), Options(SupportBotProvider.AgentApi)), handler);
    }

    public static string Key(SupportBotProvider provider) => Options(provider).ApiKey ?? string.Empty;
}
