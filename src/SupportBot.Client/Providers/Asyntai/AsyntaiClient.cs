using System.Globalization;
using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.Asyntai;

/// <summary>
/// The Asyntai REST API, exactly as documented: chat, websites, conversations and account, with
/// <c>Authorization: Bearer</c> (default) or <c>X-API-Key</c>.
/// </summary>
public class AsyntaiClient
{
    /// <summary>The default number of conversation messages returned.</summary>
    public const int DefaultConversationLimit = 50;

    /// <summary>The most conversation messages one call returns.</summary>
    public const int MaxConversationLimit = 100;

    private readonly ProviderTransport _transport = null!;
    private readonly IAsyntaiApi _api = null!;

    /// <summary>For mocking.</summary>
    protected AsyntaiClient()
    {
    }

    /// <summary>Creates a client over <paramref name="httpClient"/>; <see cref="SupportBotClientOptions.Provider"/> is ignored.</summary>
    /// <param name="httpClient">The HTTP client.</param>
    /// <param name="options">Key, auth header form, base address.</param>
    /// <exception cref="SupportBotValidationException">The options are invalid.</exception>
    public AsyntaiClient(HttpClient httpClient, SupportBotClientOptions options)
        : this(new ProviderTransport(httpClient, options, SupportBotProvider.Asyntai))
    {
    }

    internal AsyntaiClient(ProviderTransport transport)
    {
        _transport = transport;
        _api = transport.CreateApi<IAsyntaiApi>(AsyntaiJsonContext.Default);
    }

    /// <summary>Sends a message (<c>POST chat/</c>).</summary>
    /// <param name="request">The message, optional session and website.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer and session id.</returns>
    /// <exception cref="SupportBotQuotaExceededException">HTTP 429: the plan's monthly message limit is reached.</exception>
    public virtual async Task<SupportBotResponse<AsyntaiChatResponse>> ChatAsync(AsyntaiChatRequest request, CancellationToken cancellationToken = default)
    {
        Validate.NotNull(SupportBotProvider.Asyntai, request, nameof(request));
        Validate.Message(SupportBotProvider.Asyntai, request.Message);
        var response = await _transport.SendAsync("Chat", ct => _api.ChatAsync(request, ct), cancellationToken,
            chat: (span, r) => ProviderTransport.ConversationOnSpan(span, r.SessionId ?? request.SessionId)).ConfigureAwait(false);
        EnsureSuccess(response, "Chat");
        if (response.Value.Response is null)
        {
            throw _transport.InvalidResponse(response, "Chat", "'response' is missing.");
        }

        return response;
    }

    /// <summary>Lists the account's websites (<c>GET websites/</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The websites.</returns>
    public virtual async Task<SupportBotResponse<AsyntaiWebsitesResponse>> GetWebsitesAsync(CancellationToken cancellationToken = default)
    {
        var response = await _transport.SendAsync("GetWebsites", _api.GetWebsitesAsync, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, "GetWebsites");
        return response;
    }

    /// <summary>Reads a session's history (<c>GET conversations/?session_id=&amp;limit=</c>).</summary>
    /// <param name="sessionId">The session id (required).</param>
    /// <param name="limit">Messages to return, 1–100; the server's default (50) when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="SupportBotValidationException">Session id blank or limit outside 1–100. Nothing was sent.</exception>
    public virtual async Task<SupportBotResponse<AsyntaiConversationResponse>> GetConversationAsync(string sessionId, int? limit = null, CancellationToken cancellationToken = default)
    {
        Validate.NotBlank(SupportBotProvider.Asyntai, sessionId, nameof(sessionId));
        Validate.Limit(SupportBotProvider.Asyntai, limit, MaxConversationLimit);
        var response = await _transport.SendAsync("GetConversation", ct => _api.GetConversationAsync(sessionId, limit, ct), cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, "GetConversation");
        return response;
    }

    /// <summary>Reads account information and usage (<c>GET account/</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account.</returns>
    public virtual async Task<SupportBotResponse<AsyntaiAccountResponse>> GetAccountAsync(CancellationToken cancellationToken = default)
    {
        var response = await _transport.SendAsync("GetAccount", _api.GetAccountAsync, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, "GetAccount");
        if (response.Value.Account is null)
        {
            throw _transport.InvalidResponse(response, "GetAccount", "'account' is missing.");
        }

        return response;
    }

    /// <summary>Parses a website id (an integer).</summary>
    /// <param name="text">The text.</param>
    /// <param name="websiteId">The id.</param>
    /// <returns>Whether it is an integer.</returns>
    public static bool TryParseWebsiteId(string? text, out int websiteId) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out websiteId);

    /// <summary>A 2xx with <c>success:false</c> is still an error.</summary>
    private void EnsureSuccess<T>(SupportBotResponse<T> response, string operation)
        where T : AsyntaiEnvelope
    {
        if (!response.Value.Success)
        {
            throw response.Value.Error is null
                ? _transport.InvalidResponse(response, operation, "'success' is not true.")
                : _transport.ErrorFromBody(response.StatusCode, response.Value.Error, response.RawJson, operation, response.RequestId);
        }
    }
}
