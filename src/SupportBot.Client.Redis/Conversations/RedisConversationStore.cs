using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using SupportBot.Client.Redis.Internal;

namespace SupportBot.Client.Redis;

/// <summary>
/// An <see cref="IConversationStore"/> every instance of an application shares: one Redis list per conversation, one JSON element
/// per message, oldest first. An append is one round trip (RPUSH, LTRIM and PEXPIRE in a MULTI/EXEC transaction): atomic and
/// ordered, no read-modify-write, so instances appending to one conversation at once lose nothing. Reading the recent tail is one
/// LRANGE. Any conversation id works, <c>:</c> and base64url characters included (e.g. the SDK's own transcript entries).
/// </summary>
/// <remarks>
/// When Redis is unreachable or times out, calls throw <see cref="SupportBotException"/> with
/// <see cref="SupportBotErrorCode.StateStoreUnavailable"/> unless <see cref="RedisConversationStoreOptions.DegradeWhenUnavailable"/>
/// is set. The connection reconnects by itself (give it <c>abortConnect=false</c>); calls work again once Redis is back.
/// </remarks>
public sealed class RedisConversationStore : IConversationStore
{
    private const string Component = "Redis conversation store";

    private readonly IConnectionMultiplexer _connection;
    private readonly RedisConversationStoreOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a store over a connection (shared with the rest of the application; not disposed by the store).</summary>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="options">Key prefix, messages kept, expiry, behaviour when Redis is down; defaults when null.</param>
    public RedisConversationStore(IConnectionMultiplexer connection, RedisConversationStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new RedisConversationStoreOptions();
        ArgumentNullException.ThrowIfNull(options.KeyPrefix, nameof(options.KeyPrefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessagesPerConversation, 1, nameof(options.MaxMessagesPerConversation));
        if (options.SlidingExpiration is { } expiry && expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), expiry, "SlidingExpiration must be positive, or null for none.");
        }

        _connection = connection;
        _options = new RedisConversationStoreOptions
        {
            KeyPrefix = options.KeyPrefix,
            MaxMessagesPerConversation = options.MaxMessagesPerConversation,
            SlidingExpiration = options.SlidingExpiration,
            DegradeWhenUnavailable = options.DegradeWhenUnavailable,
            Database = options.Database,
            LoggerFactory = options.LoggerFactory,
        };
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger("SupportBot.Client.Redis") ?? NullLogger.Instance;
    }

    /// <summary>The Redis key of a conversation: <see cref="RedisConversationStoreOptions.KeyPrefix"/> followed by the id as it is.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <returns>The key.</returns>
    public string KeyOf(string conversationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        return _options.KeyPrefix + conversationId;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default) =>
        ReadAsync(conversationId, 0, "GetMessages", cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConversationMessage>> GetRecentMessagesAsync(string conversationId, int maxMessages, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessages);
        return maxMessages == 0 ? new([]) : ReadAsync(conversationId, -maxMessages, "GetRecentMessages", cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(string conversationId, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default)
    {
        var key = (RedisKey)KeyOf(conversationId);
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        if (messages.Count == 0)
        {
            return;
        }

        var values = new RedisValue[messages.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var m = messages[i] ?? throw new ArgumentException("A message is null.", nameof(messages));
            values[i] = JsonSerializer.SerializeToUtf8Bytes(
                new StoredMessage { Role = m.Role.Value, Content = m.Content, Timestamp = m.Timestamp }, RedisJsonContext.Default.StoredMessage);
        }

        // MULTI RPUSH LTRIM [PEXPIRE] EXEC: sent together, applied together, nothing read first.
        var transaction = Database.CreateTransaction();
        Task[] steps =
        [
            transaction.ListRightPushAsync(key, values),
            transaction.ListTrimAsync(key, -_options.MaxMessagesPerConversation, -1),
            _options.SlidingExpiration is { } expiry ? transaction.KeyExpireAsync(key, expiry) : Task.CompletedTask,
        ];
        try
        {
            if (!await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new SupportBotException($"{Component} Append failed: Redis discarded the transaction.", SupportBotErrorCode.StateStoreUnavailable)
                { Operation = "Append" };
            }
        }
        catch (Exception ex) when (RedisFaults.IsRedisFault(ex))
        {
            // The steps fail with the transaction; their exceptions are the one reported here, not unobserved ones.
            Array.ForEach(steps, static step => step.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
            if (!_options.DegradeWhenUnavailable)
            {
                throw RedisFaults.Unavailable(Component, "Append", ex);
            }

            RedisFaults.Degraded(_logger, "Append", ex.GetType().Name, $"{messages.Count} message(s) not stored", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var key = (RedisKey)KeyOf(conversationId);
        try
        {
            await Database.KeyDeleteAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFaults.IsRedisFault(ex))
        {
            // Deleting is never degraded: a conversation the caller wants gone must not silently stay.
            throw RedisFaults.Unavailable(Component, "Delete", ex);
        }
    }

    private IDatabase Database => _connection.GetDatabase(_options.Database);

    private async ValueTask<IReadOnlyList<ConversationMessage>> ReadAsync(string conversationId, long start, string operation, CancellationToken cancellationToken)
    {
        var key = (RedisKey)KeyOf(conversationId);
        RedisValue[] values;
        try
        {
            values = await Database.ListRangeAsync(key, start, -1).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFaults.IsRedisFault(ex))
        {
            if (!_options.DegradeWhenUnavailable)
            {
                throw RedisFaults.Unavailable(Component, operation, ex);
            }

            RedisFaults.Degraded(_logger, operation, ex.GetType().Name, "the conversation continues without its history", ex);
            return [];
        }

        var messages = new ConversationMessage[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            StoredMessage? stored;
            try
            {
                stored = JsonSerializer.Deserialize((byte[])values[i]!, RedisJsonContext.Default.StoredMessage);
            }
            catch (JsonException ex)
            {
                throw new SupportBotException($"{Component} {operation} failed: an element of the conversation is not a stored message.",
                    SupportBotErrorCode.InvalidResponse, ex) { Operation = operation };
            }

            if (stored is null || string.IsNullOrWhiteSpace(stored.Role))
            {
                throw new SupportBotException($"{Component} {operation} failed: an element of the conversation is not a stored message.",
                    SupportBotErrorCode.InvalidResponse) { Operation = operation };
            }

            messages[i] = new ConversationMessage(new MessageRole(stored.Role), stored.Content ?? string.Empty, stored.Timestamp);
        }

        return messages;
    }
}
