using Refit;

namespace SupportBot.Client.Providers.ChatSupportAI;

/// <summary>
/// The ChatSupport AI API (<c>https://supportgenie.online/api/</c>). Only the widget chat is published; the scrape and widget
/// configuration paths are inferred from the JavaScript SDK, so they come from the options (<c>ChatSupportAIScrapePath</c>,
/// <c>ChatSupportAIWidgetConfigPath</c>). <c>Authorization: Bearer</c> is added by the transport.
/// </summary>
[Headers("Accept: application/json")]
internal interface IChatSupportAIApi
{
    /// <summary>Sends a message with optional company rules and scraped data.</summary>
    [Post("/widget/chat")]
    Task<IApiResponse<ChatSupportAIChatResponse>> ChatAsync([Body] ChatSupportAIChatRequest request, CancellationToken cancellationToken);

    /// <summary>Scrapes a URL into knowledge (path from <c>ChatSupportAIScrapePath</c>, default <c>scrape</c>).</summary>
    [Post("/{**path}")]
    Task<IApiResponse<ChatSupportAIScrapeResponse>> ScrapeUrlAsync(string path, [Body] ChatSupportAIScrapeRequest request, CancellationToken cancellationToken);

    /// <summary>Reads a widget's configuration (path from <c>ChatSupportAIWidgetConfigPath</c>, default <c>widget/{widgetId}/config</c>).</summary>
    [Get("/{**path}")]
    Task<IApiResponse<ChatSupportAIWidgetConfig>> GetWidgetConfigAsync(string path, CancellationToken cancellationToken);
}
