using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.ChatSupportAI;

/// <summary>
/// The ChatSupport AI API (hosted or self-hosted), with <c>Authorization: Bearer</c>: chat with company rules
/// and scraped data, URL scraping and widget configuration (the last two on paths set in the options).
/// </summary>
public class ChatSupportAIClient
{
    private readonly ProviderTransport _transport = null!;
    private readonly IChatSupportAIApi _api = null!;

    /// <summary>For mocking.</summary>
    protected ChatSupportAIClient()
    {
    }

    /// <summary>Creates a client over <paramref name="httpClient"/>; <see cref="SupportBotClientOptions.Provider"/> is ignored.</summary>
    /// <param name="httpClient">The HTTP client.</param>
    /// <param name="options">Key, base address (your domain when self-hosted), paths.</param>
    /// <exception cref="SupportBotValidationException">The options are invalid.</exception>
    public ChatSupportAIClient(HttpClient httpClient, SupportBotClientOptions options)
        : this(new ProviderTransport(httpClient, options, SupportBotProvider.ChatSupportAI))
    {
    }

    internal ChatSupportAIClient(ProviderTransport transport)
    {
        _transport = transport;
        _api = transport.CreateApi<IChatSupportAIApi>(ChatSupportAIJsonContext.Default);
    }

    /// <summary>Sends a message (<c>POST widget/chat</c>).</summary>
    /// <param name="request">Message, widget, session and context.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer with its id and timestamp.</returns>
    /// <exception cref="SupportBotValidationException">Message or widget id blank. Nothing was sent.</exception>
    public virtual async Task<SupportBotResponse<ChatSupportAIChatResponse>> ChatAsync(ChatSupportAIChatRequest request, CancellationToken cancellationToken = default)
    {
        const SupportBotProvider p = SupportBotProvider.ChatSupportAI;
        Validate.NotNull(p, request, nameof(request));
        Validate.Message(p, request.Message);
        Validate.NotBlank(p, request.WidgetId, "WidgetId");
        var response = await _transport.SendAsync("Chat", ct => _api.ChatAsync(request, ct), cancellationToken,
            chat: (span, _) => ProviderTransport.ConversationOnSpan(span, request.SessionId)).ConfigureAwait(false);
        if (response.Value.Message is null)
        {
            throw _transport.InvalidResponse(response, "Chat", "'message' is missing.");
        }

        return response;
    }

    /// <summary>Scrapes a web page so its text can be passed as <c>context.scrapedData</c>.</summary>
    /// <param name="url">An absolute http(s) URL.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page text.</returns>
    /// <exception cref="SupportBotValidationException">The URL is not absolute http(s). Nothing was sent.</exception>
    public virtual async Task<SupportBotResponse<ChatSupportAIScrapeResponse>> ScrapeUrlAsync(string url, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new SupportBotValidationException("url must be an absolute http or https URL.", nameof(url)) { Provider = SupportBotProvider.ChatSupportAI };
        }

        var body = new ChatSupportAIScrapeRequest(url);
        var path = _transport.Options.ChatSupportAIScrapePath;
        try
        {
            return await _transport.SendAsync("ScrapeUrl", ct => _api.ScrapeUrlAsync(path, body, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (SupportBotException ex) when (ex.ErrorCode == SupportBotErrorCode.NotFound)
        {
            throw Inferred(ex, path, nameof(SupportBotClientOptions.ChatSupportAIScrapePath));
        }
    }

    /// <summary>Reads a widget's configuration.</summary>
    /// <param name="widgetId">The widget id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The configuration.</returns>
    public virtual async Task<SupportBotResponse<ChatSupportAIWidgetConfig>> GetWidgetConfigAsync(string widgetId, CancellationToken cancellationToken = default)
    {
        Validate.NotBlank(SupportBotProvider.ChatSupportAI, widgetId, nameof(widgetId));
        var path = _transport.Options.ChatSupportAIWidgetConfigPath.ReplaceOrdinal("{widgetId}", widgetId);
        try
        {
            return await _transport.SendAsync("GetWidgetConfig", ct => _api.GetWidgetConfigAsync(path, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (SupportBotException ex) when (ex.ErrorCode == SupportBotErrorCode.NotFound)
        {
            throw Inferred(ex, path, nameof(SupportBotClientOptions.ChatSupportAIWidgetConfigPath));
        }
    }

    /// <summary>A 404 on a path the document does not publish: say so, and name the option that moves it.</summary>
    private static SupportBotException Inferred(SupportBotException error, string path, string option) =>
        ErrorFactory.WithHint(error, $"The path '{path}' is inferred from ChatSupport AI's JavaScript SDK, not documented: if your deployment serves it elsewhere, set SupportBotClientOptions.{option}.");
}
