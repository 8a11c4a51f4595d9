using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;
using SbChatMessage = SupportBot.Client.ConversationMessage;
using SbChatRole = SupportBot.Client.MessageRole;

namespace SupportBot.Client;

/// <summary>
/// <see cref="IChatClient"/> over an <see cref="ISupportBotClient"/>. Every piece of the input is delivered or refused: the last user
/// message is the question; earlier user and assistant messages are the history (replayed to AISupportBot; elsewhere they identify the
/// server conversation to continue); system messages and <see cref="ChatOptions.Instructions"/> become
/// <see cref="ChatRequest.Instructions"/> where the provider takes them; <see cref="ChatOptions.ModelId"/> selects the bot. What a
/// provider cannot carry — tools, a JSON response format, images and files, messages after the last user message, instructions
/// where no field takes them — throws <see cref="NotSupportedException"/> before anything is sent, naming the provider, the part and
/// what to do instead (or, with <see cref="SupportBotChatClientOptions.DropUnsupportedInput"/>, is dropped, logged and listed under
/// <see cref="NotDeliveredKey"/>). Escalation ends the response with <see cref="EscalationFinishReason"/>. See docs/chat-client.md.
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

    /// <summary>
    /// On the response and on its assistant message (string): the conversation the reply belongs to. A transcript whose last assistant
    /// message still carries it continues that conversation without <see cref="ChatOptions.ConversationId"/>.
    /// </summary>
    public const string ConversationIdKey = "supportbot.conversation_id";

    /// <summary>
    /// On the response (<see cref="IReadOnlyList{T}"/> of string), only when something was not delivered: what the caller sent that the
    /// provider did not receive, because <see cref="SupportBotChatClientOptions.DropUnsupportedInput"/> allowed dropping it.
    /// </summary>
    public const string NotDeliveredKey = "supportbot.not_delivered";

    /// <summary>Request option (string): the bot to ask instead of the default one (the same as <see cref="ChatOptions.ModelId"/>).</summary>
    public const string BotIdKey = "supportbot.bot_id";

    /// <summary>Request option (string): the end user's id.</summary>
    public const string UserIdKey = "supportbot.user_id";

    /// <summary>Request option (string): the channel the message came from.</summary>
    public const string ChannelIdKey = "supportbot.channel_id";

    private const string KeyPrefix = "supportbot.";

    private static readonly string[] RequestKeys = [BotIdKey, UserIdKey, ChannelIdKey];

    private readonly ISupportBotClient _client;
    private readonly SupportBotChatClientOptions _options;
    private readonly ILogger _logger;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Wraps <paramref name="client"/>, refusing what it cannot deliver.</summary>
    /// <param name="client">The support-bot client.</param>
    public SupportBotChatClient(ISupportBotClient client)
        : this(client, null)
    {
    }

    /// <summary>Wraps <paramref name="client"/> with <paramref name="options"/>.</summary>
    /// <param name="client">The support-bot client.</param>
    /// <param name="options">The adapter's options; null for the defaults (refuse what cannot be delivered).</param>
    public SupportBotChatClient(ISupportBotClient client, SupportBotChatClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new SupportBotChatClientOptions();
        _logger = (ILogger?)_options.LoggerFactory?.CreateLogger<SupportBotChatClient>() ?? NullLogger.Instance;
        _metadata = new ChatClientMetadata(
            "supportbot." + client.Provider.ToString().ToLowerInvariant(),
            (client as SupportBotClient)?.BaseAddress,
            client.Capabilities.BotSelection ? (client as SupportBotClient)?.DefaultBotId : null);
    }

    /// <summary>
    /// The finish reason of a reply that asks for a human (<see cref="ChatReply.RequiresEscalation"/>): generic code that checks
    /// <c>FinishReason == ChatFinishReason.Stop</c> does not take it for an answer.
    /// </summary>
    public static ChatFinishReason EscalationFinishReason { get; } = new("escalation");

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">A part of the input cannot be delivered to this provider; nothing was sent.</exception>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var input = ChatInput.Read(_client.Provider, _client.Capabilities, messages, options, _options.DropUnsupportedInput);
        var reply = await SendAsync(input, cancellationToken).ConfigureAwait(false);
        if (input.Dropped.Count > 0)
        {
            ChatClientLog.Dropped(_logger, _client.Provider, string.Join("; ", input.Dropped));
        }

        var message = new AIChatMessage(AIChatRole.Assistant, reply.Text)
        {
            MessageId = reply.MessageId,
            CreatedAt = reply.Timestamp,
            RawRepresentation = reply,
            AdditionalProperties = new() { [ConversationIdKey] = reply.ConversationId },
        };
        return new ChatResponse(message)
        {
            ConversationId = reply.ConversationId,
            ResponseId = reply.MessageId,
            ModelId = _client.Capabilities.BotSelection ? input.Request.BotId ?? (_client as SupportBotClient)?.DefaultBotId : null,
            CreatedAt = reply.Timestamp,
            FinishReason = reply.RequiresEscalation ? EscalationFinishReason : ChatFinishReason.Stop,
            Usage = reply.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.PromptTokens, OutputTokenCount = usage.CompletionTokens, TotalTokenCount = usage.TotalTokens }
                : null,
            AdditionalProperties = Properties(reply, [.. input.Dropped, .. reply.NotDelivered]),
            RawRepresentation = reply,
        };
    }

    /// <summary>The providers answer in one piece: the whole reply arrives as a single update, with the same finish reason.</summary>
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
            ModelId = response.ModelId,
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

    /// <summary>
    /// Sends the request. The client's own refusals (made before sending) surface as <see cref="NotSupportedException"/>; a history the
    /// provider cannot receive and the client never answered is, when dropping is allowed, left out of a new conversation.
    /// </summary>
    private async Task<ChatReply> SendAsync(ChatInput input, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.ChatAsync(input.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (SupportBotNotSupportedException ex) when (ex.Operation == "History" && _options.DropUnsupportedInput)
        {
            input.Drop($"history ({input.Request.History!.Count.ToString(CultureInfo.InvariantCulture)} messages)");
            var r = input.Request;
            input.Request = new ChatRequest(r.Message) { Instructions = r.Instructions, BotId = r.BotId, UserId = r.UserId, ChannelId = r.ChannelId };
            return await SendAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (SupportBotNotSupportedException ex)
        {
            throw new NotSupportedException(ex.Message, ex);
        }
    }

    private static AdditionalPropertiesDictionary Properties(ChatReply reply, IReadOnlyList<string> notDelivered)
    {
        var properties = new AdditionalPropertiesDictionary
        {
            [RequiresEscalationKey] = reply.RequiresEscalation,
            [SourcesKey] = reply.Sources,
            [ProviderKey] = reply.Provider,
            [ConversationIdKey] = reply.ConversationId,
        };
        if (reply.Confidence is { } confidence)
        {
            properties[ConfidenceKey] = confidence;
        }

        if (reply.QuotaWarning is { } warning)
        {
            properties[QuotaWarningKey] = warning;
        }

        if (notDelivered.Count > 0)
        {
            properties[NotDeliveredKey] = notDelivered;
        }

        return properties;
    }

    /// <summary>The messages and options read into one <see cref="ChatRequest"/>, with what was dropped (lenient mode only).</summary>
    private sealed class ChatInput
    {
        private readonly SupportBotProvider _provider;
        private readonly bool _drop;
        private readonly List<string> _dropped = [];

        private ChatInput(SupportBotProvider provider, bool drop)
        {
            _provider = provider;
            _drop = drop;
        }

        public ChatRequest Request { get; set; } = null!;

        public IReadOnlyList<string> Dropped => _dropped;

        public static ChatInput Read(SupportBotProvider provider, ProviderCapabilities capabilities, IEnumerable<AIChatMessage> messages, ChatOptions? options, bool drop)
        {
            ArgumentNullException.ThrowIfNull(messages);
            var input = new ChatInput(provider, drop);
            var list = messages.ToList();
            var last = list.FindLastIndex(static m => m.Role == AIChatRole.User);
            if (last < 0)
            {
                throw new ArgumentException("The messages must contain a user message: the last one is the question the bot answers.", nameof(messages));
            }

            input.CheckOptions(options);
            var instructions = new List<string>();
            if (!string.IsNullOrWhiteSpace(options?.Instructions))
            {
                instructions.Add(options.Instructions);
            }

            var history = new List<SbChatMessage>();
            string? conversationId = null;
            for (var i = 0; i < list.Count; i++)
            {
                var m = list[i];
                var where = "message " + (i + 1).ToString(CultureInfo.InvariantCulture);
                input.CheckContents(m, where);
                if (m.Role == AIChatRole.System)
                {
                    if (!string.IsNullOrWhiteSpace(m.Text))
                    {
                        instructions.Add(m.Text);
                    }
                }
                else if (m.Role != AIChatRole.User && m.Role != AIChatRole.Assistant)
                {
                    input.Refuse(
                        $"a message with role '{m.Role.Value}' ({where})",
                        "Support bots take user and assistant turns (and system instructions where documented); tool messages exist only where tools do.");
                }
                else if (i > last)
                {
                    input.Refuse(
                        $"the {m.Role.Value} message after the last user message ({where})",
                        "The last user message is the question that is answered, so messages after it would never reach the bot: end the list with the user's message.");
                }
                else if (i < last)
                {
                    // Empty assistant turns (an escalated reply) stay: they are part of the transcript the provider answered.
                    history.Add(new SbChatMessage(m.Role == AIChatRole.Assistant ? SbChatRole.Assistant : SbChatRole.User, m.Text, m.CreatedAt));
                    if (m.Role == AIChatRole.Assistant && ConversationIdOf(m) is { } id)
                    {
                        conversationId = id;
                    }
                }
            }

            var question = list[last].Text;
            if (string.IsNullOrWhiteSpace(question))
            {
                throw new ArgumentException("The last user message has no text to send; support bots answer text questions.", nameof(messages));
            }

            var joined = instructions.Count == 0 ? null : string.Join("\n\n", instructions);
            if (joined is not null && !capabilities.Instructions)
            {
                input.Refuse(
                    $"instructions ({(options?.Instructions is null ? string.Empty : "ChatOptions.Instructions, ")}{Count(list.Count(static m => m.Role == AIChatRole.System), "system message")})",
                    "Its document has no field for caller-supplied instructions: configure the bot's behaviour in the provider's dashboard instead " +
                    "(AISupportBot and ChatSupport AI take them; see ProviderCapabilities.Instructions).");
                joined = null;
            }

            var extra = options?.AdditionalProperties;
            input.Request = new ChatRequest(question)
            {
                ConversationId = string.IsNullOrWhiteSpace(options?.ConversationId) ? conversationId : options.ConversationId,
                History = history.Count == 0 ? null : history,
                Instructions = joined,
                BotId = input.BotId(capabilities, options),
                UserId = Get(extra, UserIdKey),
                ChannelId = Get(extra, ChannelIdKey),
            };
            return input;
        }

        public void Drop(string what) => _dropped.Add(what);

        /// <summary>Throws <see cref="NotSupportedException"/> naming the provider, the part and what to do instead; or, lenient, records it.</summary>
        private void Refuse(string what, string instead)
        {
            if (_drop)
            {
                _dropped.Add(what);
                return;
            }

            throw new NotSupportedException(
                $"{_provider} cannot receive {what}; nothing was sent. {instead} " +
                "(SupportBotChatClientOptions.DropUnsupportedInput = true drops such parts instead, logged and listed in the response.)");
        }

        private void CheckOptions(ChatOptions? options)
        {
            if (options is null)
            {
                return;
            }

            if (options.Tools is { Count: > 0 } tools && options.ToolMode is not NoneChatToolMode)
            {
                Refuse(
                    $"tools ({string.Join(", ", tools.Select(static t => t.Name))}; ToolMode {options.ToolMode?.ToString() ?? "auto"})",
                    "Support bots answer from their own knowledge base and call no functions: remove ChatOptions.Tools (or set ToolMode = ChatToolMode.None), " +
                    "or route tool-using turns to a general-purpose model.");
            }

            if (options.ResponseFormat is ChatResponseFormatJson json)
            {
                Refuse(
                    json.Schema is null ? "a JSON response format" : $"a JSON response format with a schema ({json.SchemaName ?? "unnamed"})",
                    "The bots answer in plain text: leave ChatOptions.ResponseFormat unset (or Text), and do not use GetResponseAsync<T> with a support bot.");
            }

            if (options.ContinuationToken is not null)
            {
                Refuse("a continuation token", "The bots answer in one piece and this client never issues continuation tokens: send the request without one.");
            }

            if (options.AdditionalProperties is { } extra)
            {
                var unknown = extra.Keys.Where(static k => k.StartsWith(KeyPrefix, StringComparison.Ordinal) && !RequestKeys.Contains(k)).ToList();
                if (unknown.Count > 0)
                {
                    throw new ArgumentException(
                        $"Unknown request option(s) {string.Join(", ", unknown.Select(static k => $"'{k}'"))} in ChatOptions.AdditionalProperties; the options are " +
                        $"{string.Join(", ", RequestKeys.Select(static k => $"'{k}'"))}.",
                        nameof(options));
                }
            }
        }

        private void CheckContents(AIChatMessage message, string where)
        {
            foreach (var content in message.Contents)
            {
                if (content is TextContent or UsageContent)
                {
                    continue; // text is the message; usage is metadata of an earlier response, not input
                }

                Refuse(
                    $"{Describe(content)} ({where})",
                    content is FunctionCallContent or FunctionResultContent
                        ? "Support bots call no functions: keep tool calls out of the transcript you send them."
                        : "The bots take text only: describe the attachment in words, or put a link to it in the message text.");
            }
        }

        private string? BotId(ProviderCapabilities capabilities, ChatOptions? options)
        {
            var fromProperties = Get(options?.AdditionalProperties, BotIdKey);
            var model = options?.ModelId;
            if (!string.IsNullOrWhiteSpace(model) && !string.IsNullOrWhiteSpace(fromProperties) && !string.Equals(model, fromProperties, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"ChatOptions.ModelId '{model}' and AdditionalProperties['{BotIdKey}'] '{fromProperties}' name different bots; set one of them.", nameof(options));
            }

            var bot = string.IsNullOrWhiteSpace(model) ? fromProperties : model;
            if (bot is not null && !capabilities.BotSelection)
            {
                Refuse(
                    $"a bot id ('{bot}', from {(string.IsNullOrWhiteSpace(model) ? BotIdKey : "ChatOptions.ModelId")})",
                    "Its bot is chosen by the base address and key, not by an id: remove ChatOptions.ModelId, or use one client per bot.");
                return null;
            }

            return bot;
        }

        /// <summary>The conversation id an earlier reply left on its message: a string in process, a JSON string once the transcript was serialized.</summary>
        private static string? ConversationIdOf(AIChatMessage message) =>
            message.AdditionalProperties?.TryGetValue(ConversationIdKey, out var value) != true ? null
            : value is string s ? (s.Length > 0 ? s : null)
            : value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e ? e.GetString() is { Length: > 0 } fromJson ? fromJson : null
            : null;

        private static string Describe(AIContent content) => content switch
        {
            DataContent data => $"{Article(data.MediaType)} {data.MediaType} attachment",
            UriContent uri => $"a link to {uri.MediaType} content",
            HostedFileContent => "a hosted file",
            FunctionCallContent call => $"a function call ({call.Name})",
            FunctionResultContent => "a function result",
            TextReasoningContent => "reasoning content",
            _ => "content of type " + content.GetType().Name,
        };

        private static string Article(string word) => word.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(word[0]), StringComparison.Ordinal) ? "an" : "a";

        private static string Count(int n, string what) => n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 ? string.Empty : "s");

        private static string? Get(AdditionalPropertiesDictionary? properties, string key) =>
            properties is not null && properties.TryGetValue(key, out var value) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
    }
}

/// <summary>Options of <see cref="SupportBotChatClient"/>.</summary>
public sealed class SupportBotChatClientOptions
{
    /// <summary>
    /// Drop what the provider cannot receive instead of refusing the request: each dropped part is logged (a warning naming the part,
    /// never its text) and listed in the response's <see cref="ChatResponse.AdditionalProperties"/> under
    /// <see cref="SupportBotChatClient.NotDeliveredKey"/>; a history the provider cannot receive and the client never answered starts a
    /// new conversation without it. Off by default: a dropped support message is a customer left without an answer.
    /// </summary>
    public bool DropUnsupportedInput { get; set; }

    /// <summary>Where the dropped parts are logged when <see cref="DropUnsupportedInput"/> is on.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}

/// <summary>Adapts <see cref="ISupportBotClient"/> to Microsoft.Extensions.AI.</summary>
public static class SupportBotChatClientExtensions
{
    /// <summary>Wraps the client as an <see cref="IChatClient"/> that refuses what it cannot deliver.</summary>
    /// <param name="client">The support-bot client.</param>
    /// <returns>The chat client; disposing it leaves <paramref name="client"/> alone.</returns>
    public static IChatClient AsChatClient(this ISupportBotClient client) => new SupportBotChatClient(client);

    /// <summary>Wraps the client as an <see cref="IChatClient"/> with <paramref name="options"/>.</summary>
    /// <param name="client">The support-bot client.</param>
    /// <param name="options">The adapter's options.</param>
    /// <returns>The chat client; disposing it leaves <paramref name="client"/> alone.</returns>
    public static IChatClient AsChatClient(this ISupportBotClient client, SupportBotChatClientOptions options) => new SupportBotChatClient(client, options);
}

/// <summary>The adapter's log events: the parts dropped, never their text.</summary>
internal static partial class ChatClientLog
{
    [LoggerMessage(EventId = 1201, EventName = "SupportBotChatInputDropped", Level = LogLevel.Warning,
        Message = "{Provider} did not receive part of the chat input (DropUnsupportedInput): {Parts}")]
    public static partial void Dropped(ILogger logger, SupportBotProvider provider, string parts);
}
