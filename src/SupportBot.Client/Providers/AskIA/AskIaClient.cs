using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AskIA;

/// <summary>
/// The AskIA public API (beta): chat, bot information and branding. No authentication today; when
/// <see cref="SupportBotClientOptions.ApiKey"/> holds a JWT it is sent as <c>Authorization: Bearer</c>.
/// </summary>
public class AskIaClient
{
    private readonly ProviderTransport _transport = null!;
    private readonly IAskIaApi _api = null!;

    /// <summary>For mocking.</summary>
    protected AskIaClient()
    {
    }

    /// <summary>Creates a client over <paramref name="httpClient"/>; <see cref="SupportBotClientOptions.Provider"/> is ignored.</summary>
    /// <param name="httpClient">The HTTP client.</param>
    /// <param name="options">Base address and optional JWT.</param>
    /// <exception cref="SupportBotValidationException">The options are invalid.</exception>
    public AskIaClient(HttpClient httpClient, SupportBotClientOptions options)
        : this(new ProviderTransport(httpClient, options, SupportBotProvider.AskIA))
    {
    }

    internal AskIaClient(ProviderTransport transport)
    {
        _transport = transport;
        _api = transport.CreateApi<IAskIaApi>(AskIaJsonContext.Default);
    }

    /// <summary>Sends a message to a bot (<c>POST widget/chat</c>).</summary>
    /// <param name="request">Bot, message and optional conversation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply with conversation and message ids.</returns>
    /// <exception cref="SupportBotRateLimitException">HTTP 429: the hourly limit is exceeded.</exception>
    public virtual async Task<SupportBotResponse<AskIaChatResponse>> ChatAsync(AskIaChatRequest request, CancellationToken cancellationToken = default)
    {
        const SupportBotProvider p = SupportBotProvider.AskIA;
        Validate.NotNull(p, request, nameof(request));
        Validate.NotBlank(p, request.BotId, "BotId");
        Validate.Message(p, request.Message);
        var response = await _transport.SendAsync("Chat", ct => _api.ChatAsync(request, ct), cancellationToken,
            chat: (span, r) => ProviderTransport.ConversationOnSpan(span, r.ConversationId ?? request.ConversationId)).ConfigureAwait(false);
        if (response.Value.Reply is null)
        {
            throw _transport.InvalidResponse(response, "Chat", "'reply' is missing.");
        }

        return response;
    }

    /// <summary>Reads a bot's metadata (<c>GET bots/{id}</c>).</summary>
    /// <param name="botId">The bot id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bot.</returns>
    public virtual Task<SupportBotResponse<AskIaBot>> GetBotAsync(string botId, CancellationToken cancellationToken = default)
    {
        Validate.NotBlank(SupportBotProvider.AskIA, botId, nameof(botId));
        return _transport.SendAsync("GetBot", ct => _api.GetBotAsync(botId, ct), cancellationToken);
    }

    /// <summary>Reads a bot's branding (<c>GET bots/{id}/branding</c>).</summary>
    /// <param name="botId">The bot id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The branding.</returns>
    public virtual Task<SupportBotResponse<AskIaBranding>> GetBrandingAsync(string botId, CancellationToken cancellationToken = default)
    {
        Validate.NotBlank(SupportBotProvider.AskIA, botId, nameof(botId));
        return _transport.SendAsync("GetBranding", ct => _api.GetBrandingAsync(botId, ct), cancellationToken);
    }
}
