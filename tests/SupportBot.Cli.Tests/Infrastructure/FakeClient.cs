using System.Collections.Concurrent;
using SupportBot.Client;

namespace SupportBot.Cli.Tests.Infrastructure;

/// <summary>A fake client built the way the SDK intends: subclass with the protected constructor, replies from the model factory.</summary>
internal sealed class FakeClient : SupportBotClient
{
    private readonly SupportBotProvider _provider;
    private int _conversations;

    public FakeClient(SupportBotProvider provider = SupportBotProvider.AISupportBot, Func<ChatRequest, ChatReply>? onChat = null)
    {
        _provider = provider;
        OnChat = onChat ?? DefaultReply;
    }

    public Func<ChatRequest, ChatReply> OnChat { get; set; }

    public ConcurrentQueue<ChatRequest> Requests { get; } = new();

    public SupportBotClientOptions? Options { get; set; }

    public override SupportBotProvider Provider => _provider;

    public override ProviderCapabilities Capabilities => ProviderCapabilities.For(_provider);

    public override Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        return Task.FromResult(OnChat(request));
    }

    public override Task<BotProfile> GetBotAsync(string? botId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(SupportBotModelFactory.BotProfile("bot_1", name: "Fake Bot", language: "en", provider: _provider));

    public override Task<BotBranding> GetBrandingAsync(string? botId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(SupportBotModelFactory.BotBranding(primaryColor: "#123456", theme: "dark", provider: _provider));

    public override Task<IReadOnlyList<Website>> GetWebsitesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Website>>([SupportBotModelFactory.Website("7", "Fake Site", "fake.example", isPrimary: true)]);

    public override Task<ConversationTranscript> GetConversationAsync(string conversationId, int? limit = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(SupportBotModelFactory.ConversationTranscript(conversationId, [ConversationMessage.FromUser("hello"), ConversationMessage.FromAssistant("hi there")], _provider));

    public override Task<AccountUsage> GetAccountAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(SupportBotModelFactory.AccountUsage("me@example.com", "pro", 10, 100, provider: _provider));

    private ChatReply DefaultReply(ChatRequest request)
    {
        var id = request.ConversationId ?? $"conv_{Interlocked.Increment(ref _conversations)}";
        return SupportBotModelFactory.ChatReply($"You said: {request.Message}", id, _provider);
    }

    /// <summary>A factory for <see cref="CliRun.RunAsync(string[], string, Func{SupportBotClientOptions, ISupportBotClient}?, IReadOnlyDictionary{string, string?}?, TextWriter?, CancellationToken)"/> that records the options.</summary>
    public Func<SupportBotClientOptions, ISupportBotClient> Factory => options =>
    {
        Options = options;
        return this;
    };
}
