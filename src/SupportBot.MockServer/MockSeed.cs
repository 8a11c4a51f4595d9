using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.Client;

namespace SupportBot.MockServer;

/// <summary>
/// The initial state of a <see cref="SupportBotMockServer"/>: knowledge bases, accounts, API keys, bots and conversations.
/// Build one in code with the fluent <c>Add…</c> methods, load one from JSON with <see cref="Load"/> / <see cref="Parse"/>,
/// or start from <see cref="Demo"/>. The server copies the seed on start and on every <see cref="SupportBotMockServer.Reset"/>.
/// </summary>
public sealed class MockSeed
{
    /// <summary>Knowledge bases the bots answer from.</summary>
    public List<MockKnowledgeBase> KnowledgeBases { get; set; } = [];

    /// <summary>Accounts: quota owners (AISupportBot assistant, Asyntai account, AgentApi account).</summary>
    public List<MockAccount> Accounts { get; set; } = [];

    /// <summary>API keys. The first usable key of a provider is the one <see cref="SupportBotMockServer.CreateOptions"/> uses.</summary>
    public List<MockApiKey> ApiKeys { get; set; } = [];

    /// <summary>Bots: AISupportBot assistants, Asyntai websites, ChatSupport AI widgets, AskIA bots.</summary>
    public List<MockBot> Bots { get; set; } = [];

    /// <summary>Conversations that exist before the first request.</summary>
    public List<MockConversation> Conversations { get; set; } = [];

    /// <summary>AgentApi connected-system actions.</summary>
    public List<MockAction> Actions { get; set; } = [];

    /// <summary>A fresh copy of the built-in demo seed (the Acme Notes help centre and every fixture of docs/contract-fixtures.md).</summary>
    public static MockSeed Demo => DemoSeed.Create();

    /// <summary>An empty seed, to build with the fluent methods.</summary>
    public static MockSeed Empty => new();

    /// <summary>Reads a seed from a JSON file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The seed.</returns>
    public static MockSeed Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses a seed from JSON (camelCase property names, enums as strings).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The seed.</returns>
    /// <exception cref="JsonException">The JSON is not a seed.</exception>
    public static MockSeed Parse(string json) =>
        JsonSerializer.Deserialize(json, MockSeedJsonContext.Default.MockSeed) ?? throw new JsonException("The seed JSON is null.");

    /// <summary>Serializes this seed to indented JSON, the format <see cref="Parse"/> reads.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, MockSeedJsonContext.Default.MockSeed);

    /// <summary>A deep copy (through JSON).</summary>
    /// <returns>The copy.</returns>
    public MockSeed Clone() => Parse(ToJson());

    /// <summary>Adds a knowledge base.</summary>
    /// <param name="id">Its id, referenced by <see cref="MockBot.KnowledgeBaseId"/> and <see cref="MockAccount.KnowledgeBaseId"/>.</param>
    /// <param name="documents">Its documents.</param>
    /// <returns>This seed.</returns>
    public MockSeed AddKnowledgeBase(string id, params MockDocument[] documents)
    {
        KnowledgeBases.Add(new MockKnowledgeBase { Id = id, Documents = [.. documents] });
        return this;
    }

    /// <summary>Adds an account.</summary>
    /// <param name="account">The account.</param>
    /// <returns>This seed.</returns>
    public MockSeed AddAccount(MockAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        Accounts.Add(account);
        return this;
    }

    /// <summary>Adds an API key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>This seed.</returns>
    public MockSeed AddKey(MockApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ApiKeys.Add(key);
        return this;
    }

    /// <summary>Adds an API key.</summary>
    /// <param name="provider">The provider it is valid for.</param>
    /// <param name="key">The secret.</param>
    /// <param name="accountId">The account it belongs to.</param>
    /// <param name="botId">AISupportBot: the assistant it belongs to.</param>
    /// <param name="scopes">AgentApi: its scopes (all when omitted).</param>
    /// <returns>This seed.</returns>
    public MockSeed AddKey(SupportBotProvider provider, string key, string? accountId = null, string? botId = null, params string[] scopes) =>
        AddKey(new MockApiKey { Provider = provider, Key = key, AccountId = accountId, BotId = botId, Scopes = scopes.Length == 0 ? [.. MockApiKey.AllScopes] : [.. scopes] });

    /// <summary>Adds a bot (assistant, website, widget).</summary>
    /// <param name="bot">The bot.</param>
    /// <returns>This seed.</returns>
    public MockSeed AddBot(MockBot bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        Bots.Add(bot);
        return this;
    }

    /// <summary>Adds a conversation.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>This seed.</returns>
    public MockSeed AddConversation(MockConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        Conversations.Add(conversation);
        return this;
    }

    /// <summary>Adds an AgentApi action.</summary>
    /// <param name="action">The action.</param>
    /// <returns>This seed.</returns>
    public MockSeed AddAction(MockAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Actions.Add(action);
        return this;
    }
}

/// <summary>A set of documents a bot answers from.</summary>
public sealed class MockKnowledgeBase
{
    /// <summary>The id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The documents; blank lines separate the passages retrieval picks from.</summary>
    public List<MockDocument> Documents { get; set; } = [];
}

/// <summary>A knowledge document (help-centre article).</summary>
public sealed class MockDocument
{
    /// <summary>Creates an empty document.</summary>
    public MockDocument()
    {
    }

    /// <summary>Creates a document.</summary>
    /// <param name="id">The id.</param>
    /// <param name="title">The title.</param>
    /// <param name="content">The text; blank lines separate passages.</param>
    /// <param name="url">Where it came from.</param>
    public MockDocument(string id, string title, string content, string? url = null)
    {
        Id = id;
        Title = title;
        Content = content;
        Url = url;
    }

    /// <summary>The id (AgentApi <c>document_id</c>).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The text; blank lines separate passages.</summary>
    public string Content { get; set; } = string.Empty;

    /// <summary>Where the content came from.</summary>
    public string? Url { get; set; }

    /// <summary>Free-form metadata.</summary>
    public Dictionary<string, string>? Metadata { get; set; }
}

/// <summary>An account: owns a monthly quota, and for AgentApi a knowledge base, conversations and a gap log.</summary>
public sealed class MockAccount
{
    /// <summary>The id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; set; }

    /// <summary>The email (Asyntai <c>account.email</c>).</summary>
    public string? Email { get; set; }

    /// <summary>The plan name.</summary>
    public string Plan { get; set; } = "starter";

    /// <summary>Messages/queries allowed per calendar month (UTC); null is unlimited.</summary>
    public long? QuotaLimit { get; set; }

    /// <summary>Messages/queries already used in the current month when the server starts.</summary>
    public long QuotaUsed { get; set; }

    /// <summary>AgentApi: the knowledge base queries search.</summary>
    public string? KnowledgeBaseId { get; set; }

    /// <summary>AgentApi: documents allowed.</summary>
    public long? DocumentsLimit { get; set; }

    /// <summary>AgentApi: actions allowed per month.</summary>
    public long? ActionsLimit { get; set; }

    /// <summary>AgentApi: actions used this month.</summary>
    public long ActionsUsed { get; set; }
}

/// <summary>An API key.</summary>
public sealed class MockApiKey
{
    /// <summary>Every AgentApi scope.</summary>
    public static IReadOnlyList<string> AllScopes { get; } = ["query", "kb:read", "kb:write", "logs:read", "actions"];

    /// <summary>The provider the key is valid for.</summary>
    public SupportBotProvider Provider { get; set; }

    /// <summary>The secret.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The account it belongs to.</summary>
    public string? AccountId { get; set; }

    /// <summary>AISupportBot: the assistant the key belongs to (403 for any other).</summary>
    public string? BotId { get; set; }

    /// <summary>AgentApi scopes: <c>query</c>, <c>kb:read</c>, <c>kb:write</c>, <c>logs:read</c>, <c>actions</c>.</summary>
    public List<string> Scopes { get; set; } = [.. AllScopes];

    /// <summary>A revoked (deleted) key: 401.</summary>
    public bool Revoked { get; set; }

    /// <summary>A per-key request window (ChatSupport AI, AgentApi queries and reads); null is unlimited. A full window answers 429 with <c>Retry-After</c>.</summary>
    public MockRateLimit? RateLimit { get; set; }

    /// <summary>
    /// AgentApi only: the separate window of knowledge-base writes; null is unlimited. Writes beyond it are never
    /// rejected: they answer 202 queued and their job waits until the window ends.
    /// </summary>
    public MockRateLimit? KnowledgeWriteRateLimit { get; set; }
}

/// <summary>A fixed-window rate limit: <see cref="Permits"/> requests per <see cref="WindowSeconds"/>.</summary>
public sealed class MockRateLimit
{
    /// <summary>Requests allowed per window (0 rejects every request).</summary>
    public int Permits { get; set; }

    /// <summary>The window length in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>Visual settings (AskIA branding, ChatSupport AI widget config).</summary>
public sealed class MockBranding
{
    /// <summary>Primary color.</summary>
    public string? PrimaryColor { get; set; }

    /// <summary>Background color.</summary>
    public string? BackgroundColor { get; set; }

    /// <summary>Text color.</summary>
    public string? TextColor { get; set; }

    /// <summary>Logo URL.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>Position, e.g. <c>bottom-right</c>.</summary>
    public string? Position { get; set; }

    /// <summary>Theme, e.g. <c>light</c>.</summary>
    public string? Theme { get; set; }
}

/// <summary>A company policy the bot may quote (ChatSupport AI <c>context.rules.policies</c>).</summary>
public sealed class MockPolicy
{
    /// <summary>The title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The text.</summary>
    public string Content { get; set; } = string.Empty;
}

/// <summary>A bot: AISupportBot assistant, Asyntai website (numeric id), ChatSupport AI widget or AskIA bot.</summary>
public sealed class MockBot
{
    /// <summary>The id (an integer for Asyntai websites).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; set; }

    /// <summary>The owning account (quota).</summary>
    public string? AccountId { get; set; }

    /// <summary>The name.</summary>
    public string? Name { get; set; }

    /// <summary>The description.</summary>
    public string? Description { get; set; }

    /// <summary>The category.</summary>
    public string? Category { get; set; }

    /// <summary>The language code.</summary>
    public string? Language { get; set; }

    /// <summary>When created.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The greeting, also the answer to a bare "hello".</summary>
    public string? WelcomeMessage { get; set; }

    /// <summary>The company name.</summary>
    public string? CompanyName { get; set; }

    /// <summary>Asyntai: the website's domain.</summary>
    public string? Domain { get; set; }

    /// <summary>Asyntai: the account's primary website.</summary>
    public bool IsPrimary { get; set; }

    /// <summary>Asyntai: whether <c>GET websites/</c> lists it.</summary>
    public bool Listed { get; set; } = true;

    /// <summary>The knowledge base it answers from.</summary>
    public string? KnowledgeBaseId { get; set; }

    /// <summary>Policies that are part of its knowledge.</summary>
    public List<MockPolicy> Policies { get; set; } = [];

    /// <summary>False: 404 as if it did not exist (AISupportBot "not active").</summary>
    public bool Active { get; set; } = true;

    /// <summary>False: 503, the AI is switched off for this bot.</summary>
    public bool AiAvailable { get; set; } = true;

    /// <summary>True: every chat with it answers 500.</summary>
    public bool ServerError { get; set; }

    /// <summary>A per-bot window (AskIA: 100 per hour on the free plan); null is unlimited.</summary>
    public MockRateLimit? RateLimit { get; set; }

    /// <summary>Visual settings.</summary>
    public MockBranding? Branding { get; set; }
}

/// <summary>A conversation that exists before the first request.</summary>
public sealed class MockConversation
{
    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; set; }

    /// <summary>The id (Asyntai <c>session_id</c>, AskIA/AgentApi <c>conversationId</c>).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The owning account.</summary>
    public string? AccountId { get; set; }

    /// <summary>The bot.</summary>
    public string? BotId { get; set; }

    /// <summary>The messages, oldest first.</summary>
    public List<MockMessage> Messages { get; set; } = [];
}

/// <summary>A transcript message.</summary>
public sealed class MockMessage
{
    /// <summary><c>user</c> or <c>assistant</c>.</summary>
    public string Role { get; set; } = "user";

    /// <summary>The text.</summary>
    public string Content { get; set; } = string.Empty;

    /// <summary>When it was sent.</summary>
    public DateTimeOffset? Timestamp { get; set; }
}

/// <summary>An AgentApi connected-system action.</summary>
public sealed class MockAction
{
    /// <summary>The name used in <c>POST v1/actions/{name}</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>What it does.</summary>
    public string? Description { get; set; }

    /// <summary>The connected system.</summary>
    public string? Provider { get; set; }
}

/// <summary>Source-generated serializer of the seed file format.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(MockSeed))]
internal sealed partial class MockSeedJsonContext : JsonSerializerContext;
