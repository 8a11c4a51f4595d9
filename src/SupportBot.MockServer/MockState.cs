using System.Globalization;
using SupportBot.Client;

namespace SupportBot.MockServer;

internal sealed class RuntimeDocument
{
    public required string Id { get; init; }

    public string Title { get; set; } = string.Empty;

    public string Content { get; set; } = string.Empty;

    public string? Url { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    /// <summary>queued, indexed, deleting.</summary>
    public string Status { get; set; } = "indexed";

    /// <summary>The version retrieval sees; null until first indexed.</summary>
    public IReadOnlyList<Passage>? Indexed { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class RuntimeKnowledgeBase
{
    private IReadOnlyList<Passage>? _passages;
    private PassageIndex? _index;

    public required string Id { get; init; }

    public List<RuntimeDocument> Documents { get; } = [];

    public IReadOnlyList<Passage> Passages => _passages ??= Documents.Where(d => d.Indexed is not null).SelectMany(d => d.Indexed!).ToArray();

    /// <summary>The BM25 index of <see cref="Passages"/>, built on first use after each change.</summary>
    public PassageIndex Index => _index ??= new PassageIndex(Passages);

    public void Invalidate()
    {
        _passages = null;
        _index = null;
    }
}

internal sealed class RuntimeAccount
{
    public required MockAccount Seed { get; init; }

    public long Used { get; set; }

    public long ActionsUsed { get; set; }

    public DateTimeOffset PeriodStart { get; set; }

    public DateTimeOffset PeriodEnd => PeriodStart.AddMonths(1);

    public List<GapEntry> Gaps { get; } = [];
}

/// <summary>Caps of the stores that grow with traffic, so a server under load keeps a flat memory.</summary>
/// <param name="Conversations">Conversations kept, all providers together; the least recently active is dropped first.</param>
/// <param name="MessagesPerConversation">Messages kept per conversation; the oldest are dropped first.</param>
/// <param name="GapsPerAccount">Gap-log entries kept per account; the oldest are dropped first.</param>
internal sealed record StoreLimits(int Conversations, int MessagesPerConversation, int GapsPerAccount);

internal sealed record GapEntry(string Question, string? ConversationId, DateTimeOffset AskedAt, double Confidence);

internal sealed class RuntimeConversation
{
    public required SupportBotProvider Provider { get; init; }

    public required string Id { get; init; }

    public string? AccountId { get; init; }

    public string? BotId { get; init; }

    public List<MockMessage> Messages { get; } = [];

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastMessageAt { get; set; }

    public bool Escalated { get; set; }

    public long Sequence { get; init; }

    /// <summary>Its node in the state's activity list (null once evicted).</summary>
    public LinkedListNode<RuntimeConversation>? Activity { get; set; }

    public string? LastUserMessage => Messages.LastOrDefault(m => m.Role == "user")?.Content;
}

internal sealed class PendingJob
{
    public required string Id { get; init; }

    public required DateTimeOffset Due { get; init; }

    public required Action Run { get; init; }
}

/// <summary>
/// Everything the server knows. One lock guards it all: every request's read-check-write (key, quota, window,
/// transcript) is atomic, which is what keeps usage and transcripts exact under concurrent load.
/// </summary>
internal sealed class MockState
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly MockSeed _seed;
    private readonly Dictionary<(SupportBotProvider, string), MockApiKey> _keys = [];
    private readonly Dictionary<(SupportBotProvider, string), MockBot> _bots = [];
    private readonly Dictionary<string, RuntimeAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuntimeKnowledgeBase> _kbs = new(StringComparer.Ordinal);
    private readonly Dictionary<(SupportBotProvider, string), RuntimeConversation> _conversations = [];

    /// <summary>Conversations from least to most recently active: the first is evicted when the store is full.</summary>
    private readonly LinkedList<RuntimeConversation> _activity = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly List<PendingJob> _jobs = [];
    private readonly Dictionary<SupportBotProvider, bool> _aiAvailable = [];
    private readonly Dictionary<MockBot, PassageIndex> _policies = new(ReferenceEqualityComparer.Instance);
    private long _conversationSeq;
    private long _messageSeq;
    private long _responseSeq;
    private long _documentSeq;
    private long _jobSeq;
    private long _sessionSeq;

    public MockState(MockSeed seed, TimeProvider time, double escalationThreshold, TimeSpan jobDelay, StoreLimits? limits = null)
    {
        _seed = seed.Clone();
        _time = time;
        EscalationThreshold = escalationThreshold;
        JobDelay = jobDelay;
        Limits = limits ?? new StoreLimits(10_000, 1_000, 1_000);
        Load();
    }

    /// <summary>How many conversations, messages per conversation and gaps per account are kept.</summary>
    public StoreLimits Limits { get; }

    /// <summary>Conversations kept (all providers).</summary>
    public int ConversationCount => _conversations.Count;

    public double EscalationThreshold { get; }

    public TimeSpan JobDelay { get; }

    public MockSeed Seed => _seed;

    public DateTimeOffset Now => _time.GetUtcNow();

    public Lock Gate => _gate;

    public void Reset()
    {
        lock (_gate)
        {
            Load();
        }
    }

    private void Load()
    {
        _keys.Clear();
        _bots.Clear();
        _accounts.Clear();
        _kbs.Clear();
        _conversations.Clear();
        _activity.Clear();
        _windows.Clear();
        _jobs.Clear();
        _aiAvailable.Clear();
        _policies.Clear();
        _conversationSeq = _messageSeq = _responseSeq = _documentSeq = _jobSeq = _sessionSeq = 0;
        var now = Now;
        var seed = _seed.Clone();
        foreach (var kb in seed.KnowledgeBases)
        {
            var rkb = new RuntimeKnowledgeBase { Id = kb.Id };
            foreach (var d in kb.Documents)
            {
                rkb.Documents.Add(new RuntimeDocument
                {
                    Id = d.Id, Title = d.Title, Content = d.Content, Url = d.Url, Metadata = d.Metadata, Status = "indexed",
                    Indexed = Retrieval.Split(d.Id, d.Title, d.Content), CreatedAt = now, UpdatedAt = now,
                });
            }

            _kbs[kb.Id] = rkb;
        }

        foreach (var a in seed.Accounts)
        {
            _accounts[a.Id] = new RuntimeAccount { Seed = a, Used = a.QuotaUsed, ActionsUsed = a.ActionsUsed, PeriodStart = MonthStart(now) };
        }

        foreach (var k in seed.ApiKeys)
        {
            _keys[(k.Provider, k.Key)] = k;
        }

        foreach (var b in seed.Bots)
        {
            _bots[(b.Provider, b.Id)] = b;
        }

        foreach (var c in seed.Conversations)
        {
            var rc = new RuntimeConversation { Provider = c.Provider, Id = c.Id, AccountId = c.AccountId, BotId = c.BotId, Sequence = 0 };
            rc.Messages.AddRange(c.Messages);
            rc.StartedAt = c.Messages.FirstOrDefault()?.Timestamp ?? now;
            rc.LastMessageAt = c.Messages.LastOrDefault()?.Timestamp ?? now;
            Trim(rc.Messages, Limits.MessagesPerConversation);
            Add(rc);
        }
    }

    private static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    // ---- everything below must be called with the gate held ----

    public void SetAiAvailable(SupportBotProvider provider, bool available)
    {
        lock (_gate)
        {
            _aiAvailable[provider] = available;
        }
    }

    public bool AiAvailable(SupportBotProvider provider) => !_aiAvailable.TryGetValue(provider, out var on) || on;

    public MockApiKey? Key(SupportBotProvider provider, string? key) =>
        key is not null && _keys.TryGetValue((provider, key), out var k) ? k : null;

    public MockBot? Bot(SupportBotProvider provider, string? id) =>
        id is not null && _bots.TryGetValue((provider, id), out var b) ? b : null;

    public IEnumerable<MockBot> Bots(SupportBotProvider provider) => _seed.Bots.Where(b => b.Provider == provider).Select(b => _bots[(provider, b.Id)]);

    public RuntimeAccount? Account(string? id)
    {
        if (id is null || !_accounts.TryGetValue(id, out var a))
        {
            return null;
        }

        var now = Now;
        if (now >= a.PeriodEnd)
        {
            a.PeriodStart = MonthStart(now);
            a.Used = 0;
            a.ActionsUsed = 0;
        }

        return a;
    }

    public void AddKnowledgeBase(string id) => _kbs[id] = new RuntimeKnowledgeBase { Id = id };

    public RuntimeKnowledgeBase? KnowledgeBase(string? id) => id is not null && _kbs.TryGetValue(id, out var kb) ? kb : null;

    /// <summary>Fixed window: null when allowed (and counted), otherwise the seconds until the window ends.</summary>
    public int? TryAcquire(string scope, MockRateLimit? limit)
    {
        if (limit is null)
        {
            return null;
        }

        var now = Now;
        var window = TimeSpan.FromSeconds(Math.Max(1, limit.WindowSeconds));
        if (!_windows.TryGetValue(scope, out var w) || now >= w.Start + window)
        {
            w = (now, 0);
        }

        if (w.Count >= limit.Permits)
        {
            _windows[scope] = w;
            return Math.Max(1, (int)Math.Ceiling((w.Start + window - now).TotalSeconds));
        }

        _windows[scope] = (w.Start, w.Count + 1);
        return null;
    }

    public RuntimeConversation? Conversation(SupportBotProvider provider, string? id) =>
        id is not null && _conversations.TryGetValue((provider, id), out var c) ? c : null;

    public IEnumerable<RuntimeConversation> Conversations(SupportBotProvider provider, string? accountId) =>
        _conversations.Values.Where(c => c.Provider == provider && c.AccountId == accountId);

    /// <summary>The conversation <paramref name="id"/>, created when new; a null id gets <c>conv_000001</c>, …</summary>
    public RuntimeConversation GetOrCreateConversation(SupportBotProvider provider, string? id, string? accountId, string? botId)
    {
        if (id is not null && _conversations.TryGetValue((provider, id), out var existing))
        {
            return existing;
        }

        var seq = ++_conversationSeq;
        id ??= "conv_" + seq.ToString("D6", CultureInfo.InvariantCulture);
        var now = Now;
        var c = new RuntimeConversation { Provider = provider, Id = id, AccountId = accountId, BotId = botId, StartedAt = now, LastMessageAt = now, Sequence = seq };
        Add(c);
        return c;
    }

    /// <summary>A new session id, <c>session_000001</c>, … (providers whose client may omit the id and get one back).</summary>
    public string NextSessionId() => "session_" + (++_sessionSeq).ToString("D6", CultureInfo.InvariantCulture);

    private void Add(RuntimeConversation c)
    {
        _conversations[(c.Provider, c.Id)] = c;
        c.Activity = _activity.AddLast(c);
        while (_conversations.Count > Limits.Conversations && _activity.First is { } oldest)
        {
            _activity.RemoveFirst();
            _conversations.Remove((oldest.Value.Provider, oldest.Value.Id));
            oldest.Value.Activity = null;
        }
    }

    private static void Trim<T>(List<T> list, int capacity)
    {
        if (list.Count > capacity)
        {
            list.RemoveRange(0, list.Count - capacity);
        }
    }

    public void Record(RuntimeConversation conversation, string question, Answer answer)
    {
        var now = Now;
        conversation.Messages.Add(new MockMessage { Role = "user", Content = question, Timestamp = now });
        if (answer.Text.Length > 0)
        {
            conversation.Messages.Add(new MockMessage { Role = "assistant", Content = answer.Text, Timestamp = now });
        }

        Trim(conversation.Messages, Limits.MessagesPerConversation);
        conversation.LastMessageAt = now;
        conversation.Escalated |= answer.Escalate;
        if (conversation.Activity is { } node && node.Next is not null)
        {
            _activity.Remove(node);
            _activity.AddLast(node);
        }
    }

    public void RecordGap(RuntimeAccount? account, string question, string? conversationId, Answer answer)
    {
        if (account is not null && answer.Escalate)
        {
            account.Gaps.Add(new GapEntry(question, conversationId, Now, answer.Confidence));
            Trim(account.Gaps, Limits.GapsPerAccount);
        }
    }

    public string NextMessageId() => "msg_" + (++_messageSeq).ToString("D6", CultureInfo.InvariantCulture);

    public string NextResponseId() => "resp_" + (++_responseSeq).ToString("D6", CultureInfo.InvariantCulture);

    public string NextDocumentId() => "doc_" + (++_documentSeq).ToString("D6", CultureInfo.InvariantCulture);

    public string NextJobId() => "job_" + (++_jobSeq).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Queues a job due <see cref="JobDelay"/> after <paramref name="wait"/> from now.</summary>
    public string Enqueue(Action run, TimeSpan wait = default)
    {
        var id = NextJobId();
        _jobs.Add(new PendingJob { Id = id, Due = Now + wait + JobDelay, Run = run });
        return id;
    }

    /// <summary>Runs queued knowledge-base jobs that are due (or all of them).</summary>
    public int RunJobs(bool all)
    {
        if (_jobs.Count == 0)
        {
            return 0;
        }

        var now = Now;
        var due = _jobs.Where(j => all || j.Due <= now).ToList();
        foreach (var job in due)
        {
            _jobs.Remove(job);
            job.Run();
        }

        return due.Count;
    }

    public int PendingJobs
    {
        get
        {
            lock (_gate)
            {
                return _jobs.Count;
            }
        }
    }

    /// <summary>Passages the bot answers from: its knowledge base plus its seeded policies.</summary>
    public PassageIndex Knowledge(string? knowledgeBaseId) => KnowledgeBase(knowledgeBaseId)?.Index ?? PassageIndex.Empty;

    /// <summary>The bot's seeded policies, indexed (built once per bot).</summary>
    public PassageIndex Policies(MockBot? bot)
    {
        if (bot is null || bot.Policies.Count == 0)
        {
            return PassageIndex.Empty;
        }

        if (!_policies.TryGetValue(bot, out var index))
        {
            index = new PassageIndex(bot.Policies.Select(p => new Passage("policy:" + p.Title, p.Title, p.Content)).ToArray());
            _policies[bot] = index;
        }

        return index;
    }

    public MockApiKey? DefaultKey(SupportBotProvider provider) =>
        _seed.ApiKeys.FirstOrDefault(k => k.Provider == provider && !k.Revoked && k.RateLimit is not { Permits: 0 } && (k.AccountId is null || _accounts.TryGetValue(k.AccountId, out var a) && (a.Seed.QuotaLimit is null || a.Seed.QuotaUsed < a.Seed.QuotaLimit)));

    /// <summary>The first bot of <paramref name="provider"/> a client can talk to (of <paramref name="accountId"/> when given, primary first).</summary>
    public MockBot? FirstUsableBot(SupportBotProvider provider, string? accountId)
    {
        var usable = _seed.Bots.Where(b => b.Provider == provider && b.Active && b.AiAvailable && !b.ServerError && b.RateLimit is not { Permits: 0 });
        if (accountId is not null)
        {
            usable = usable.Where(b => b.AccountId == accountId).OrderByDescending(b => b.IsPrimary);
        }

        return usable.FirstOrDefault();
    }
}
