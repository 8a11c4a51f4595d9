using Refit;

namespace SupportBot.Client.Providers.AskIA;

/// <summary>The AskIA widget API (<c>https://askiabot.com/api/</c>), as its document lists it. No auth today; an optional bearer JWT is added by the transport.</summary>
[Headers("Accept: application/json")]
internal interface IAskIaApi
{
    /// <summary>Sends a message to a bot; <c>conversationId</c> continues a conversation.</summary>
    [Post("/widget/chat")]
    Task<IApiResponse<AskIaChatResponse>> ChatAsync([Body] AskIaChatRequest request, CancellationToken cancellationToken);

    /// <summary>Reads a bot's public profile.</summary>
    [Get("/bots/{botId}")]
    Task<IApiResponse<AskIaBot>> GetBotAsync(string botId, CancellationToken cancellationToken);

    /// <summary>Reads a bot's branding.</summary>
    [Get("/bots/{botId}/branding")]
    Task<IApiResponse<AskIaBranding>> GetBrandingAsync(string botId, CancellationToken cancellationToken);
}
