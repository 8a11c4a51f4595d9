using Refit;

namespace SupportBot.Client.Providers.AISupportBot;

/// <summary>The AISupportBot API (<c>https://aisupportbot.io/api/</c>): one documented endpoint. <c>X-API-Key</c> is added by the transport.</summary>
[Headers("Accept: application/json")]
internal interface IAISupportBotApi
{
    /// <summary>Sends a message with optional history (15 at most), user and channel ids and user context (4 KB at most).</summary>
    [Post("/chat")]
    Task<IApiResponse<AISupportBotChatResponse>> ChatAsync([Body] AISupportBotChatRequest request, CancellationToken cancellationToken);
}
