using Refit;

namespace SupportBot.Client.Providers.Asyntai;

/// <summary>The Asyntai REST API (<c>https://asyntai.com/api/v1/</c>), as its document lists it. Auth is added by the transport.</summary>
[Headers("Accept: application/json")]
internal interface IAsyntaiApi
{
    /// <summary>Sends a message.</summary>
    [Post("/chat/")]
    Task<IApiResponse<AsyntaiChatResponse>> ChatAsync([Body] AsyntaiChatRequest request, CancellationToken cancellationToken);

    /// <summary>Lists the account's websites.</summary>
    [Get("/websites/")]
    Task<IApiResponse<AsyntaiWebsitesResponse>> GetWebsitesAsync(CancellationToken cancellationToken);

    /// <summary>Reads a session's history: <c>session_id</c> required, <c>limit</c> 1–100 (server default 50).</summary>
    [Get("/conversations/")]
    Task<IApiResponse<AsyntaiConversationResponse>> GetConversationAsync(
        [AliasAs("session_id")] string sessionId, [AliasAs("limit")] int? limit, CancellationToken cancellationToken);

    /// <summary>Reads account information and usage.</summary>
    [Get("/account/")]
    Task<IApiResponse<AsyntaiAccountResponse>> GetAccountAsync(CancellationToken cancellationToken);
}
