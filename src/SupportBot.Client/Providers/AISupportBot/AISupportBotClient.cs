using System.Text.Json;
using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AISupportBot;

/// <summary>The AISupportBot Enterprise/Unlimited API, exactly as documented: <c>POST /api/chat</c> with <c>X-API-Key: ask_…</c>.</summary>
public class AISupportBotClient
{
    /// <summary>The most history messages the API keeps.</summary>
    public const int MaxHistory = 15;

    /// <summary>The largest userContext accepted, in UTF-8 bytes of its JSON.</summary>
    public const int MaxUserContextBytes = 4096;

    private readonly ProviderTransport _transport = null!;
    private readonly IAISupportBotApi _api = null!;

    /// <summary>For mocking.</summary>
    protected AISupportBotClient()
    {
    }

    /// <summary>Creates a client over <paramref name="httpClient"/>; <see cref="SupportBotClientOptions.Provider"/> is ignored.</summary>
    /// <param name="httpClient">The HTTP client (its handlers apply; its base address is not used).</param>
    /// <param name="options">Key, base address and limits.</param>
    /// <exception cref="SupportBotValidationException">The options are invalid (e.g. the key does not start with <c>ask_</c>).</exception>
    public AISupportBotClient(HttpClient httpClient, SupportBotClientOptions options)
        : this(new ProviderTransport(httpClient, options, SupportBotProvider.AISupportBot))
    {
    }

    internal AISupportBotClient(ProviderTransport transport)
    {
        _transport = transport;
        _api = transport.CreateApi<IAISupportBotApi>(AISupportBotJsonContext.Default);
    }

    /// <summary>Sends a message to the assistant (<c>POST chat</c>).</summary>
    /// <param name="request">The request; history beyond 15 messages is trimmed to the most recent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer, escalation flag and token usage.</returns>
    /// <exception cref="SupportBotValidationException">Assistant id or message missing, or userContext over 4 KB. Nothing was sent.</exception>
    /// <exception cref="SupportBotQuotaExceededException">HTTP 429: the monthly response quota is exhausted.</exception>
    public virtual async Task<SupportBotResponse<AISupportBotChatResponse>> ChatAsync(AISupportBotChatRequest request, CancellationToken cancellationToken = default)
    {
        const SupportBotProvider p = SupportBotProvider.AISupportBot;
        Validate.NotNull(p, request, nameof(request));
        Validate.NotBlank(p, request.AssistantId, "AssistantId");
        Validate.Message(p, request.Message);
        if (request.UserContext is { } userContext)
        {
            var size = JsonSerializer.SerializeToUtf8Bytes(userContext, AISupportBotJsonContext.Default.JsonObject).Length;
            if (size > MaxUserContextBytes)
            {
                throw new SupportBotValidationException(
                    $"UserContext is {size} bytes as UTF-8 JSON; AISupportBot accepts at most {MaxUserContextBytes} bytes.", "UserContext")
                { Provider = p };
            }
        }

        if (request.History is { Count: > MaxHistory } history)
        {
            request = Copy(request, history.Skip(history.Count - MaxHistory).ToArray());
        }

        var response = await _transport.SendAsync("Chat", ct => _api.ChatAsync(request, ct), cancellationToken, chat: static (span, r) =>
        {
            if (r.Usage is { } usage)
            {
                span.SetTag(SupportBotDiagnostics.GenAiInputTokens, usage.PromptTokens);
                span.SetTag(SupportBotDiagnostics.GenAiOutputTokens, usage.CompletionTokens);
            }
        }).ConfigureAwait(false);
        if (response.Value.Response is null && !response.Value.RequiresEscalation)
        {
            throw _transport.InvalidResponse(response, "Chat", "'response' is missing.");
        }

        return response;
    }

    private static AISupportBotChatRequest Copy(AISupportBotChatRequest r, IReadOnlyList<AISupportBotHistoryMessage> history) => new()
    {
        AssistantId = r.AssistantId,
        Message = r.Message,
        History = history,
        UserId = r.UserId,
        ChannelId = r.ChannelId,
        UserContext = r.UserContext,
    };
}
