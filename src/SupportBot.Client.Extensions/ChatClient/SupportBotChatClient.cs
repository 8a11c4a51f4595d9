using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;
using SbChatMessage = SupportBot.Client.ConversationMessage;
using SbChatRole = SupportBot.Client.MessageRole;

namespace SupportBot.Client;

/// <summary>
/// <see cref="IChatClient"/> over an <see cref="ISupportBotClient"/>: the last user message is sent, earlier messages become history,
/// <see cref="ChatOptions.ConversationId"/> continues a conversation. Escalation, sources, confidence and the provider are in
/// <see cref="ChatResponse.AdditionalProperties"/> under the <c>supportbot.*</c> keys of this class.
/// </summary>
public sealed class SupportBotChatClient : IChatClient
{
    /// <summary><see cref="ChatReply.RequiresEscalation"/> (bool): hand the user to a human; do not show the text as an answer.</summary>
    public const string RequiresEscalationKey = "supportbot.requires_escalation";

    /// <summary><see cref="ChatReply.Sources"/> (<see cref="IReadOnlyList{T}"/> of <see cref="SourceReference"/>).</summary>
    public const string SourcesKey = "supportbot.sources";

    /// <summary><see cref="ChatReply.Confidence"/> (double), when the provider reports one.</summary>
    public const string ConfidenceKey = "supportbot.confidence";

    /// <summary><see cref="ChatReply.Provider"/> (<see cref="SupportBotProvider"/>).</summary>
    public const string ProviderKey = "supportbot.provider";

    /// <summary><see cref="ChatReply.QuotaWarning"/> (string), when the provider sent one.</summary>
    public const string QuotaWarningKey = "supportbot.quota_warning";

    /// <summary>Request option (string): the bot to ask instead of the default one.</summary>
    public const string BotIdKey = "supportbot.bot_id";

    /// <summary>Request option (string): the end user's id.</summary>
    public const string UserIdKey = "supportbot.user_id";

    /// <summary>Request option (string): the channel the message came from.</summary>
    public const string ChannelIdKey = "supportbot.channel_id";

    private readonly ISupportBotClient _client;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Wraps <paramref name="client"/>.</summary>
    /// <param name="client">The support-bot client.</param>
    public SupportBotChatClient(ISupportBotClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _metadata = new ChatClientMetadata("supportbot." + client.Provider.ToString().ToLowerInvariant(), (client as SupportBotClient)?.BaseAddress);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ToRequest(messages, options);
        var reply = await _client.ChatAsync(request, cancellationToken).ConfigureAwait(false);
        var message = new AIChatMessage(AIChatRole.Assistant, reply.Text)
        {
            MessageId = reply.MessageId,
            CreatedAt = reply.Timestamp,
            RawRepresentation = reply,
        };
        return new ChatResponse(message)
        {
            ConversationId = reply.ConversationId,
            ResponseId = reply.MessageId,
            CreatedAt = reply.Timestamp,
            FinishReason = ChatFinishReason.Stop,
            Usage = reply.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.PromptTokens, OutputTokenCount = usage.CompletionTokens, TotalTokenCount = usage.TotalTokens }
                : null,
            AdditionalProperties = Properties(reply),
            RawRepresentation = reply,
        };
    }

    /// <summary>The providers answer in one piece: the whole reply arrives as a single update.</summary>
    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var reply = (ChatReply)response.RawRepresentation!;
        var contents = new List<AIContent> { new TextContent(reply.Text) };
        if (response.Usage is { } usage)
        {
            contents.Add(new UsageContent(usage));
        }

        yield return new ChatResponseUpdate(AIChatRole.Assistant, contents)
        {
            ConversationId = response.ConversationId,
            ResponseId = response.ResponseId,
            MessageId = reply.MessageId,
            CreatedAt = response.CreatedAt,
            FinishReason = response.FinishReason,
            AdditionalProperties = response.AdditionalProperties,
            RawRepresentation = reply,
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(_client) ? _client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Does nothing: the wrapped client belongs to whoever created it.</summary>
    public void Dispose()
    {
    }

    private static ChatRequest ToRequest(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var last = list.FindLastIndex(m => m.Role == AIChatRole.User);
        if (last < 0 || string.IsNullOrWhiteSpace(list[last].Text))
        {
            throw new ArgumentException("The messages must contain a user message with text; the last one is sent.", nameof(messages));
        }

        var history = list.Take(last)
            .Where(m => !string.IsNullOrEmpty(m.Text))
            .Select(m => new SbChatMessage(ToRole(m.Role), m.Text, m.CreatedAt))
            .ToList();
        var extra = options?.AdditionalProperties;
        return new ChatRequest(list[last].Text)
        {
            ConversationId = options?.ConversationId,

            // With a single message the client's own continuity applies (conversation store or provider state).
            History = history.Count == 0 ? null : history,
            BotId = Get(extra, BotIdKey),
            UserId = Get(extra, UserIdKey),
            ChannelId = Get(extra, ChannelIdKey),
        };
    }

    private static SbChatRole ToRole(AIChatRole role) =>
        role == AIChatRole.Assistant ? SbChatRole.Assistant
        : role == AIChatRole.System ? SbChatRole.System
        : SbChatRole.User;

    private static string? Get(AdditionalPropertiesDictionary? properties, string key) =>
        properties is not null && properties.TryGetValue(key, out var value) && value is not null ? value.ToString() : null;

    private static AdditionalPropertiesDictionary Properties(ChatReply reply)
    {
        var properties = new AdditionalPropertiesDictionary
        {
            [RequiresEscalationKey] = reply.RequiresEscalation,
            [SourcesKey] = reply.Sources,
            [ProviderKey] = reply.Provider,
        };
        if (reply.Confidence is { } confidence)
        {
            properties[ConfidenceKey] = confidence;
        }

        if (reply.QuotaWarning is { } warning)
        {
            properties[QuotaWarningKey] = warning;
        }

        return properties;
    }
}

/// <summary>Adapts <see cref="ISupportBotClient"/> to Microsoft.Extensions.AI.</summary>
public static class SupportBotChatClientExtensions
{
    /// <summary>Wraps the client as an <see cref="IChatClient"/>.</summary>
    /// <param name="client">The support-bot client.</param>
    /// <returns>The chat client; disposing it leaves <paramref name="client"/> alone.</returns>
    public static IChatClient AsChatClient(this ISupportBotClient client) => new SupportBotChatClient(client);
}
