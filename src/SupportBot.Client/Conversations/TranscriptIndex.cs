using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SupportBot.Client.Internal;

/// <summary>
/// Continuity for callers that keep the transcript themselves and send it whole, without a conversation id (Microsoft.Extensions.AI's
/// stateless pattern). After each reply the SDK remembers <em>fingerprint(transcript so far, ending with that reply) → conversation id</em>;
/// a later request whose <see cref="ChatRequest.History"/> has that fingerprint continues that conversation.
/// <para>
/// The entries live in the client's configured <see cref="IConversationStore"/> (or, without one, in a bounded in-memory store of their
/// own) under reserved ids (<see cref="KeyPrefix"/> + 64 hex digits), one
/// message each whose content is the conversation id, so they are bounded like the store and shared wherever the store is. The
/// fingerprint is SHA-256 over the scope (provider, base address, bot, user) and each message's role and text: no message text is
/// stored. Two conversations whose transcripts are identical so far (the same greeting answered the same way for two users) share a
/// fingerprint: both ids are kept, and such a transcript is treated as unrecognized rather than continue someone else's conversation.
/// </para>
/// </summary>
internal sealed class TranscriptIndex(IConversationStore store, SupportBotClientOptions options, Uri baseAddress, ProviderCapabilities capabilities, ILogger logger)
{
    /// <summary>The prefix of the store ids the fingerprints are kept under.</summary>
    public const string KeyPrefix = "supportbot:transcript:";

    /// <summary>The role of the one message each fingerprint entry holds.</summary>
    public static readonly MessageRole EntryRole = new("conversation");

    /// <summary>How many ids of one fingerprint are read back (and, by the default store, kept) to tell a unique transcript from a shared one.</summary>
    public const int IdsKept = 4;

    /// <summary>
    /// The request as it is sent: with the conversation its history continues, or as it came. Refuses (before anything is sent) a history
    /// the provider cannot receive and this client never answered, unless <see cref="SupportBotClientOptions.UnrecognizedHistory"/> allows
    /// starting a new conversation; what was then not delivered is returned.
    /// </summary>
    public async ValueTask<(ChatRequest Request, IReadOnlyList<string> NotDelivered)> ResolveAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var provider = options.Provider;
        if (!string.IsNullOrWhiteSpace(request.ConversationId) || request.History is not { Count: > 0 } history)
        {
            return (request, []);
        }

        var ids = await store.GetRecentMessagesAsync(Key(request, history, null, null), IdsKept, cancellationToken).ConfigureAwait(false);
        var distinct = ids.Select(static m => m.Content).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 1)
        {
            return (request.Continuing(distinct[0]), []);
        }

        if (capabilities.History)
        {
            return (request, []); // The history itself goes on the wire: nothing is lost, the conversation id is new.
        }

        var what = $"history ({history.Count} message{(history.Count == 1 ? string.Empty : "s")})";
        if (options.UnrecognizedHistory == UnrecognizedHistoryHandling.StartNewConversation)
        {
            Log.HistoryNotDelivered(logger, provider, history.Count);
            return (request, [what]);
        }

        var why = distinct.Count > 1
            ? "this transcript matches more than one conversation this client answered (identical so far), so it cannot tell which to continue"
            : "this transcript does not continue a conversation this client answered (another process with its own store, an expired entry, or an edited transcript)";
        throw new SupportBotNotSupportedException(
            provider,
            "History",
            $"{provider} keeps conversations server-side and cannot receive a {what}, and {why}. Nothing was sent. Pass the ConversationId " +
            "of the reply you are continuing; or share one IConversationStore (SupportBotClientOptions.ConversationStore) between the " +
            "instances that serve this user; or set SupportBotClientOptions.UnrecognizedHistory = StartNewConversation to start a new " +
            "conversation without the history, knowingly.");
    }

    /// <summary>Remembers the transcript the reply completes, for a caller that may send it back without the conversation id.</summary>
    /// <remarks>
    /// A store that fails here is logged, not thrown: the provider has answered (and counted the message), and losing the reply
    /// would be worse than a later stateless request being refused as unrecognized.
    /// </remarks>
    public async ValueTask RememberAsync(ChatRequest request, ChatReply reply, CancellationToken cancellationToken)
    {
        // A caller that passes the conversation id back and no history is not stateless: nothing to remember.
        if (!string.IsNullOrWhiteSpace(request.ConversationId) && request.History is not { Count: > 0 })
        {
            return;
        }

        var key = Key(request, request.History ?? [], request.Message, reply.Text);
        try
        {
            await store.AppendAsync(key, [new ConversationMessage(EntryRole, reply.ConversationId, options.TimeProvider.GetUtcNow())], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.TranscriptNotRemembered(logger, reply.Provider, ex.GetType().Name);
        }
    }

    /// <summary>The store id of a transcript: <paramref name="history"/>, then the question and answer when given.</summary>
    private string Key(ChatRequest request, IReadOnlyList<ConversationMessage> history, string? question, string? answer)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bot = string.IsNullOrWhiteSpace(request.BotId) ? options.DefaultBotId : request.BotId;
        Add(hash, options.Provider.ToString());
        Add(hash, baseAddress.AbsoluteUri);
        Add(hash, bot);
        Add(hash, request.UserId);
        foreach (var m in history)
        {
            Add(hash, m.Role.Value);
            Add(hash, m.Content);
        }

        if (question is not null)
        {
            Add(hash, MessageRole.User.Value);
            Add(hash, question);
            Add(hash, MessageRole.Assistant.Value);
            Add(hash, answer);
        }

        return KeyPrefix + Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Adds a length-prefixed string (null and empty differ), so no two transcripts hash the same input.</summary>
    private static void Add(IncrementalHash hash, string? value)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, value is null ? -1 : Encoding.UTF8.GetByteCount(value));
        hash.AppendData(length);
        if (!string.IsNullOrEmpty(value))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(value));
        }
    }
}
