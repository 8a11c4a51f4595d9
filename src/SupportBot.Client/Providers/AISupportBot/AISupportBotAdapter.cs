using System.Text.Json.Nodes;
using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AISupportBot;

/// <summary>
/// AISupportBot is stateless: the SDK mints the conversation id, keeps the turns in the <see cref="IConversationStore"/>
/// and replays the most recent ones as <c>history</c>.
/// </summary>
internal sealed class AISupportBotAdapter : ProviderAdapter
{
    /// <summary>The <c>userContext</c> member that carries <see cref="ChatRequest.Instructions"/>.</summary>
    public const string InstructionsMember = "instructions";

    private readonly AISupportBotClient _client;
    private readonly IConversationStore _store;

    public AISupportBotAdapter(ProviderTransport transport, IConversationStore store)
        : base(transport)
    {
        _client = new AISupportBotClient(transport);
        _store = store;
    }

    public override object NativeClient => _client;

    public override async Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var assistantId = BotId(request.BotId, "an assistant id");
        var conversationId = string.IsNullOrWhiteSpace(request.ConversationId) ? Ids.NewConversationId() : request.ConversationId;
        var history = request.History is { } explicitHistory
            ? Trim(explicitHistory)
            : await _store.GetRecentMessagesAsync(conversationId, Transport.Options.MaxHistoryMessages, cancellationToken).ConfigureAwait(false);

        var response = await _client.ChatAsync(new AISupportBotChatRequest
        {
            AssistantId = assistantId,
            Message = request.Message,
            History = history.Count == 0 ? null : history.Select(static m => new AISupportBotHistoryMessage(m.Role.Value, m.Content)).ToArray(),
            UserId = request.UserId,
            ChannelId = request.ChannelId,
            UserContext = UserContext(request),
        }, cancellationToken).ConfigureAwait(false);

        var body = response.Value;
        var text = body.Response ?? string.Empty;
        var now = Transport.Options.TimeProvider.GetUtcNow();
        // The assistant's side is stored even when empty (an escalated turn), so the replayed history keeps user/assistant alternation.
        ConversationMessage[] turn = [new ConversationMessage(MessageRole.User, request.Message, now), new ConversationMessage(MessageRole.Assistant, text, now)];
        await _store.AppendAsync(conversationId, turn, cancellationToken).ConfigureAwait(false);

        return Reply(
            response,
            text,
            conversationId,
            escalate: body.RequiresEscalation,
            usage: body.Usage is { } u ? new TokenUsage(u.PromptTokens, u.CompletionTokens, u.TotalTokens) : null);
    }

    /// <summary>
    /// The caller's userContext, with <see cref="ChatRequest.Instructions"/> added as <c>instructions</c> — the document's one field for
    /// caller-supplied prompt context. The caller's object is not changed; one that already has an <c>instructions</c> member is refused
    /// rather than overwritten.
    /// </summary>
    private JsonObject? UserContext(ChatRequest request)
    {
        if (string.IsNullOrEmpty(request.Instructions))
        {
            return request.UserContext;
        }

        if (request.UserContext?.ContainsKey(InstructionsMember) == true)
        {
            throw new SupportBotValidationException(
                $"UserContext already has an '{InstructionsMember}' member and Instructions are set too; AISupportBot receives instructions as " +
                $"userContext.{InstructionsMember}. Set one of them. Nothing was sent.",
                nameof(ChatRequest.Instructions)) { Provider = Provider };
        }

        var context = request.UserContext is { } given ? (JsonObject)given.DeepClone() : [];
        context[InstructionsMember] = request.Instructions;
        return context;
    }

    /// <summary>The transcript the SDK kept (AISupportBot stores none server-side).</summary>
    public override async Task<ConversationTranscript> GetConversationAsync(string conversationId, int? limit, CancellationToken cancellationToken)
    {
        Validate.NotBlank(Provider, conversationId, nameof(conversationId));
        if (limit is < 1)
        {
            throw new SupportBotValidationException($"limit must be at least 1; was {limit}.", "limit") { Provider = Provider };
        }

        var messages = await _store.GetMessagesAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (messages.Count == 0)
        {
            throw new SupportBotException($"AISupportBot GetConversation: conversation '{conversationId}' is not in this client's conversation store.", SupportBotErrorCode.NotFound)
            { Provider = Provider, Operation = "GetConversation" };
        }

        return new ConversationTranscript
        {
            ConversationId = conversationId,
            Messages = limit is { } l && messages.Count > l ? messages.Skip(messages.Count - l).ToArray() : messages,
            Provider = Provider,
        };
    }
}
