using SupportBot.Client.Internal;
using SupportBot.Client.Providers.AgentApi;
using SupportBot.Client.Providers.AISupportBot;
using SupportBot.Client.Providers.AskIA;
using SupportBot.Client.Providers.Asyntai;
using SupportBot.Client.Providers.ChatSupportAI;

namespace SupportBot.Client;

/// <summary>
/// The one concrete <see cref="ISupportBotClient"/>: switch provider by changing <see cref="SupportBotClientOptions.Provider"/>,
/// <see cref="SupportBotClientOptions.ApiKey"/> and <see cref="SupportBotClientOptions.BaseAddress"/>/<see cref="SupportBotClientOptions.DefaultBotId"/>.
/// Thread-safe; create one per provider and reuse it. Members are virtual so tests can fake it.
/// </summary>
public class SupportBotClient : ISupportBotClient, IDisposable
{
    private readonly ProviderAdapter _adapter = null!;
    private readonly TranscriptIndex _transcripts = null!;
    private readonly HttpMessageHandler? _ownedHandler;

    /// <summary>For mocking.</summary>
    protected SupportBotClient()
    {
    }

    /// <summary>
    /// Creates a client that owns its <see cref="HttpClient"/>: no automatic redirects, pooled connections
    /// recycled every 2 minutes, the SDK's resilience pipeline (rate limiter, timeouts, retry, circuit breaker).
    /// Dispose it when done.
    /// </summary>
    /// <param name="options">Provider, key, base address, bot id.</param>
    /// <exception cref="SupportBotValidationException">The options are invalid; the message names each bad option.</exception>
    public SupportBotClient(SupportBotClientOptions options)
        : this(options, SupportBotHttp.CreatePipeline(Validated(options)), ownsHandler: true)
    {
    }

    /// <summary>
    /// Creates a client that sends through <paramref name="handler"/> as it is — e.g. the chain
    /// <c>IHttpMessageHandlerFactory.CreateHandler(name)</c> builds, or your own <see cref="SupportBotResilienceHandler"/> over a
    /// primary handler. Nothing is added to the chain; the SDK still reads each body capped at
    /// <see cref="SupportBotClientOptions.MaxResponseBytes"/> and, unless a handler in the chain did, under
    /// <see cref="SupportBotClientOptions.Timeout"/>. The cheapest way in: no <see cref="HttpClient"/> in between.
    /// </summary>
    /// <param name="handler">The handler chain.</param>
    /// <param name="options">Provider, key, base address, bot id.</param>
    /// <param name="disposeHandler">Whether <see cref="Dispose()"/> disposes <paramref name="handler"/>.</param>
    /// <exception cref="SupportBotValidationException">The options are invalid.</exception>
    public SupportBotClient(HttpMessageHandler handler, SupportBotClientOptions options, bool disposeHandler = false)
        : this(options, handler ?? throw new ArgumentNullException(nameof(handler)), disposeHandler)
    {
    }

    /// <summary>
    /// Creates a client over an <see cref="HttpClient"/> you manage (e.g. from IHttpClientFactory). The client's own
    /// handlers apply; its <see cref="HttpClient.BaseAddress"/> is not used.
    /// </summary>
    /// <param name="httpClient">The HTTP client.</param>
    /// <param name="options">Provider, key, base address, bot id.</param>
    /// <exception cref="SupportBotValidationException">The options are invalid.</exception>
    public SupportBotClient(HttpClient httpClient, SupportBotClientOptions options)
        : this(options, new ProviderTransport(httpClient ?? throw new ArgumentNullException(nameof(httpClient)), NotNull(options), options.Provider))
    {
    }

    private SupportBotClient(SupportBotClientOptions options, HttpMessageHandler handler, bool ownsHandler)
        : this(options, new ProviderTransport(handler, NotNull(options), options.Provider)) =>
        _ownedHandler = ownsHandler ? handler : null;

    private SupportBotClient(SupportBotClientOptions options, ProviderTransport transport)
    {
        var store = transport.Options.ConversationStore ?? new InMemoryConversationStore();
        _adapter = transport.Profile.CreateAdapter(transport, store);
        // The fingerprints go to the configured store, shared with the conversations; without one, to their own bounded memory so
        // they never crowd AISupportBot's conversations out of the default store.
        var index = transport.Options.ConversationStore ?? new InMemoryConversationStore(maxMessagesPerConversation: TranscriptIndex.IdsKept);
        _transcripts = new TranscriptIndex(index, transport.Options, transport.BaseAddress, _adapter.Capabilities, transport.Logger);
    }

    /// <inheritdoc />
    public virtual SupportBotProvider Provider => _adapter.Provider;

    /// <inheritdoc />
    public virtual ProviderCapabilities Capabilities => _adapter.Capabilities;

    /// <summary>The base address requests go to.</summary>
    public virtual Uri BaseAddress => _adapter.Transport.BaseAddress;

    /// <summary>The bot asked when a request names none (<see cref="SupportBotClientOptions.DefaultBotId"/>); null when unset.</summary>
    public virtual string? DefaultBotId => _adapter.Transport.Options.DefaultBotId;

    /// <inheritdoc />
    public virtual async Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new SupportBotValidationException("request must not be null.", nameof(request)) { Provider = Provider };
        }

        if (!string.IsNullOrEmpty(request.Instructions) && !Capabilities.Instructions)
        {
            throw new SupportBotNotSupportedException(
                Provider,
                "Instructions",
                $"{Provider} documents no field for caller-supplied instructions, so they cannot be delivered; nothing was sent. " +
                "Configure the bot's behaviour in the provider's dashboard, or use a provider that takes them (ProviderCapabilities.Instructions: " +
                "AISupportBot as userContext, ChatSupport AI as a company-rules policy).");
        }

        var (sent, notDelivered) = await _transcripts.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
        var reply = await _adapter.ChatAsync(sent, cancellationToken).ConfigureAwait(false);
        reply.NotDelivered = notDelivered;
        await _transcripts.RememberAsync(sent, reply, cancellationToken).ConfigureAwait(false); // never throws: the reply is not lost to the store
        var provider = new KeyValuePair<string, object?>(SupportBotDiagnostics.ProviderTag, Provider.ToString());
        if (reply.Usage is { TotalTokens: > 0 } usage)
        {
            SupportBotDiagnostics.Tokens.Add(usage.TotalTokens, provider);
            var genAiProvider = new KeyValuePair<string, object?>(SupportBotDiagnostics.GenAiProviderName, SupportBotDiagnostics.GenAiProvider(Provider));
            var chat = new KeyValuePair<string, object?>(SupportBotDiagnostics.GenAiOperationName, "chat");
            SupportBotDiagnostics.GenAiTokenUsage.Record(usage.PromptTokens, chat, genAiProvider, new(SupportBotDiagnostics.GenAiTokenType, "input"));
            SupportBotDiagnostics.GenAiTokenUsage.Record(usage.CompletionTokens, chat, genAiProvider, new(SupportBotDiagnostics.GenAiTokenType, "output"));
        }

        if (reply.RequiresEscalation)
        {
            SupportBotDiagnostics.Escalations.Add(1, provider);
        }

        return reply;
    }

    /// <summary>Sends <paramref name="message"/>, optionally continuing <paramref name="conversationId"/>; shorthand for <see cref="ChatAsync(ChatRequest, CancellationToken)"/>.</summary>
    /// <param name="message">The user's message.</param>
    /// <param name="conversationId">The conversation to continue; null starts a new one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply.</returns>
    public virtual Task<ChatReply> ChatAsync(string message, string? conversationId = null, CancellationToken cancellationToken = default) =>
        ChatAsync(new ChatRequest(message) { ConversationId = conversationId }, cancellationToken);

    /// <inheritdoc />
    public virtual Task<BotProfile> GetBotAsync(string? botId = null, CancellationToken cancellationToken = default) =>
        _adapter.GetBotAsync(botId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<BotBranding> GetBrandingAsync(string? botId = null, CancellationToken cancellationToken = default) =>
        _adapter.GetBrandingAsync(botId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<Website>> GetWebsitesAsync(CancellationToken cancellationToken = default) =>
        _adapter.GetWebsitesAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<ConversationTranscript> GetConversationAsync(string conversationId, int? limit = null, CancellationToken cancellationToken = default) =>
        _adapter.GetConversationAsync(conversationId, limit, cancellationToken);

    /// <inheritdoc />
    public virtual Task<AccountUsage> GetAccountAsync(CancellationToken cancellationToken = default) =>
        _adapter.GetAccountAsync(cancellationToken);

    /// <summary>
    /// The provider's native client for what the normalized interface does not cover (AgentApi knowledge base,
    /// gap log and actions; ChatSupport AI scraping): <see cref="AgentApiClient"/>, <see cref="AsyntaiClient"/>,
    /// <see cref="AISupportBotClient"/>, <see cref="ChatSupportAIClient"/> or <see cref="AskIaClient"/>.
    /// </summary>
    /// <typeparam name="TClient">The native client type of this client's provider.</typeparam>
    /// <returns>The native client, sharing this client's HTTP pipeline and options.</returns>
    /// <exception cref="SupportBotNotSupportedException"><typeparamref name="TClient"/> is not this provider's native client.</exception>
    public virtual TClient GetNativeClient<TClient>()
        where TClient : class =>
        _adapter.NativeClient as TClient ?? throw new SupportBotNotSupportedException(Provider, $"GetNativeClient<{typeof(TClient).Name}>");

    /// <inheritdoc />
    public override string ToString() => $"SupportBotClient {{ Provider = {Provider}, BaseAddress = {BaseAddress} }}";

    /// <summary>Disposes the HTTP handlers this client created, if any.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes owned resources.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownedHandler?.Dispose();
        }
    }

    /// <summary>
    /// The primary handler the SDK sends through when it builds the HTTP stack itself (and dependency injection registers): no
    /// automatic redirects — the handler strips only <c>Authorization</c> on redirect, so <c>X-API-Key</c> would follow to another
    /// host. On .NET it is a <c>SocketsHttpHandler</c> whose pooled connections are recycled every 2 minutes, so DNS changes are
    /// picked up; on .NET Framework an <see cref="HttpClientHandler"/> (connection lifetime is <c>ServicePointManager</c>'s).
    /// </summary>
    /// <returns>A new handler; the caller owns it.</returns>
    public static HttpMessageHandler CreatePrimaryHandler() => SupportBotHttp.CreatePrimaryHandler();

    /// <summary>The options, checked for null only: <see cref="ProviderTransport"/> validates them.</summary>
    private static SupportBotClientOptions NotNull(SupportBotClientOptions options) => options ?? throw new ArgumentNullException(nameof(options));

    private static SupportBotClientOptions Validated(SupportBotClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options, options.Provider);
        return options;
    }
}
