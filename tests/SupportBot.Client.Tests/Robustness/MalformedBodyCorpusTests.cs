using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Client.Providers.AgentApi;
using SupportBot.Client.Providers.AISupportBot;
using SupportBot.Client.Providers.AskIA;
using SupportBot.Client.Providers.Asyntai;
using SupportBot.Client.Providers.ChatSupportAI;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests.Robustness;

/// <summary>
/// Every operation of every provider — normalized and native — against a corpus of bodies no server should send: each call either
/// succeeds (where a tolerant reading applies) or throws <see cref="SupportBotException"/> with the right code; never a
/// <c>JsonException</c>, <c>NullReferenceException</c>, Refit <c>ApiException</c> or a hang.
/// </summary>
public sealed class MalformedBodyCorpusTests
{
    /// <summary>One operation: its provider, its name, a valid body (the document's example) and the call.</summary>
    public sealed record Operation(SupportBotProvider Provider, string Name, string Sample, Func<SupportBotClient, Task> Call, bool EmptyIsSuccess = false)
    {
        public override string ToString() => $"{Provider} {Name}";
    }

    public static readonly Operation[] Operations =
    [
        // Normalized operations.
        new(SupportBotProvider.AISupportBot, "Client.ChatAsync", """{"response":"Hi","requiresEscalation":false,"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""", c => c.ChatAsync(new ChatRequest("hi"))),
        new(SupportBotProvider.Asyntai, "Client.ChatAsync", """{"success":true,"response":"Hi","session_id":"s1"}""", c => c.ChatAsync(new ChatRequest("hi"))),
        new(SupportBotProvider.ChatSupportAI, "Client.ChatAsync", """{"id":"r1","message":"Hi","timestamp":"2023-03-29T14:30:00.000Z"}""", c => c.ChatAsync(new ChatRequest("hi"))),
        new(SupportBotProvider.AskIA, "Client.ChatAsync", """{"reply":"Hi","conversationId":"c1","messageId":"m1"}""", c => c.ChatAsync(new ChatRequest("hi"))),
        new(SupportBotProvider.AgentApi, "Client.ChatAsync", """{"answer":"Hi","conversation_id":"c1","message_id":"m1","sources":[{"document_id":"d1","title":"T","excerpt":"E"}],"confidence":0.9}""", c => c.ChatAsync(new ChatRequest("hi"))),
        new(SupportBotProvider.ChatSupportAI, "Client.GetBotAsync", WidgetConfig, c => c.GetBotAsync()),
        new(SupportBotProvider.AskIA, "Client.GetBotAsync", """{"id":"b1","name":"N","description":"D","category":"support","language":"en","createdAt":"2025-01-15T10:00:00Z"}""", c => c.GetBotAsync()),
        new(SupportBotProvider.ChatSupportAI, "Client.GetBrandingAsync", WidgetConfig, c => c.GetBrandingAsync()),
        new(SupportBotProvider.AskIA, "Client.GetBrandingAsync", Branding, c => c.GetBrandingAsync()),
        new(SupportBotProvider.Asyntai, "Client.GetWebsitesAsync", Websites, c => c.GetWebsitesAsync()),
        new(SupportBotProvider.Asyntai, "Client.GetConversationAsync", AsyntaiConversation, c => c.GetConversationAsync("s1")),
        new(SupportBotProvider.AgentApi, "Client.GetConversationAsync", AgentConversation, c => c.GetConversationAsync("c1")),
        new(SupportBotProvider.Asyntai, "Client.GetAccountAsync", AsyntaiAccount, c => c.GetAccountAsync()),
        new(SupportBotProvider.AgentApi, "Client.GetAccountAsync", Usage, c => c.GetAccountAsync()),

        // Native clients, every public operation.
        new(SupportBotProvider.AISupportBot, "AISupportBotClient.ChatAsync", """{"response":"Hi","requiresEscalation":false}""", c => N<AISupportBotClient>(c).ChatAsync(new AISupportBotChatRequest { AssistantId = "a1", Message = "hi" })),
        new(SupportBotProvider.Asyntai, "AsyntaiClient.ChatAsync", """{"success":true,"response":"Hi","session_id":"s1"}""", c => N<AsyntaiClient>(c).ChatAsync(new AsyntaiChatRequest { Message = "hi" })),
        new(SupportBotProvider.Asyntai, "AsyntaiClient.GetWebsitesAsync", Websites, c => N<AsyntaiClient>(c).GetWebsitesAsync()),
        new(SupportBotProvider.Asyntai, "AsyntaiClient.GetConversationAsync", AsyntaiConversation, c => N<AsyntaiClient>(c).GetConversationAsync("s1")),
        new(SupportBotProvider.Asyntai, "AsyntaiClient.GetAccountAsync", AsyntaiAccount, c => N<AsyntaiClient>(c).GetAccountAsync()),
        new(SupportBotProvider.ChatSupportAI, "ChatSupportAIClient.ChatAsync", """{"id":"r1","message":"Hi","timestamp":"2023-03-29T14:30:00.000Z"}""", c => N<ChatSupportAIClient>(c).ChatAsync(new ChatSupportAIChatRequest { Message = "hi", WidgetId = "w1" })),
        new(SupportBotProvider.ChatSupportAI, "ChatSupportAIClient.ScrapeUrlAsync", """{"url":"https://example.com/","title":"T","content":"C"}""", c => N<ChatSupportAIClient>(c).ScrapeUrlAsync("https://example.com/")),
        new(SupportBotProvider.ChatSupportAI, "ChatSupportAIClient.GetWidgetConfigAsync", WidgetConfig, c => N<ChatSupportAIClient>(c).GetWidgetConfigAsync("w1")),
        new(SupportBotProvider.AskIA, "AskIaClient.ChatAsync", """{"reply":"Hi","conversationId":"c1","messageId":"m1"}""", c => N<AskIaClient>(c).ChatAsync(new AskIaChatRequest { BotId = "b1", Message = "hi" })),
        new(SupportBotProvider.AskIA, "AskIaClient.GetBotAsync", """{"id":"b1","name":"N"}""", c => N<AskIaClient>(c).GetBotAsync("b1")),
        new(SupportBotProvider.AskIA, "AskIaClient.GetBrandingAsync", Branding, c => N<AskIaClient>(c).GetBrandingAsync("b1")),
        new(SupportBotProvider.AgentApi, "AgentApiClient.QueryAsync", """{"answer":"Hi","conversation_id":"c1","message_id":"m1","sources":[{"document_id":"d1","title":"T","excerpt":"E"}],"confidence":0.9}""", c => N<AgentApiClient>(c).QueryAsync(new AgentApiQueryRequest { Message = "hi" })),
        new(SupportBotProvider.AgentApi, "AgentApiClient.ListDocumentsAsync", """{"documents":[{"id":"d1","title":"T","url":"u","status":"indexed","metadata":{"k":"v"},"created_at":"2025-01-10T09:00:00Z","updated_at":"2025-01-12T16:30:00Z"}],"next_cursor":null}""", c => N<AgentApiClient>(c).ListDocumentsAsync()),
        new(SupportBotProvider.AgentApi, "AgentApiClient.GetDocumentAsync", """{"id":"d1","title":"T","content":"C","url":"u","status":"indexed","metadata":{"k":"v"},"created_at":"2025-01-10T09:00:00Z"}""", c => N<AgentApiClient>(c).GetDocumentAsync("d1")),
        new(SupportBotProvider.AgentApi, "AgentApiClient.CreateDocumentAsync", Job, c => N<AgentApiClient>(c).CreateDocumentAsync(new AgentApiDocumentWrite { Title = "T", Content = "C" }), EmptyIsSuccess: true),
        new(SupportBotProvider.AgentApi, "AgentApiClient.UpdateDocumentAsync", Job, c => N<AgentApiClient>(c).UpdateDocumentAsync("d1", new AgentApiDocumentWrite { Content = "C" }), EmptyIsSuccess: true),
        new(SupportBotProvider.AgentApi, "AgentApiClient.DeleteDocumentAsync", Job, c => N<AgentApiClient>(c).DeleteDocumentAsync("d1"), EmptyIsSuccess: true),
        new(SupportBotProvider.AgentApi, "AgentApiClient.ReindexAsync", Job, c => N<AgentApiClient>(c).ReindexAsync(), EmptyIsSuccess: true),
        new(SupportBotProvider.AgentApi, "AgentApiClient.ListConversationsAsync", """{"conversations":[{"id":"c1","started_at":"2025-01-15T10:30:00Z","last_message_at":"2025-01-15T10:30:02Z","message_count":2,"escalated":false}],"next_cursor":null}""", c => N<AgentApiClient>(c).ListConversationsAsync()),
        new(SupportBotProvider.AgentApi, "AgentApiClient.GetConversationAsync", AgentConversation, c => N<AgentApiClient>(c).GetConversationAsync("c1")),
        new(SupportBotProvider.AgentApi, "AgentApiClient.GetGapsAsync", """{"gaps":[{"question":"Q","conversation_id":"c1","asked_at":"2025-01-16T08:12:00Z","confidence":0.18}]}""", c => N<AgentApiClient>(c).GetGapsAsync()),
        new(SupportBotProvider.AgentApi, "AgentApiClient.ListActionsAsync", """{"actions":[{"name":"shopify.order_status","description":"D","provider":"shopify"}]}""", c => N<AgentApiClient>(c).ListActionsAsync()),
        new(SupportBotProvider.AgentApi, "AgentApiClient.RunActionAsync", """{"action":"shopify.order_status","status":"ok","result":{"order":"1001"}}""", c => N<AgentApiClient>(c).RunActionAsync("shopify.order_status")),
        new(SupportBotProvider.AgentApi, "AgentApiClient.GetUsageAsync", Usage, c => N<AgentApiClient>(c).GetUsageAsync()),
    ];

    private const string WidgetConfig = """{"widgetId":"w1","name":"N","welcomeMessage":"Hi","companyName":"C","primaryColor":"#6366f1","backgroundColor":"#ffffff","textColor":"#1f2937","logoUrl":"https://example.com/logo.png","position":"bottom-right","theme":"light"}""";
    private const string Branding = """{"primaryColor":"#6366f1","backgroundColor":"#ffffff","textColor":"#1f2937","logoUrl":"https://example.com/logo.png","position":"bottom-right","theme":"light"}""";
    private const string Websites = """{"success":true,"websites":[{"id":1,"name":"My Website","domain":"example.com","is_primary":true}]}""";
    private const string AsyntaiConversation = """{"success":true,"session_id":"s1","messages":[{"role":"user","content":"Q","timestamp":"2024-01-15T10:30:00Z"},{"role":"assistant","content":"A","timestamp":"2024-01-15T10:30:01Z"}]}""";
    private const string AgentConversation = """{"id":"c1","messages":[{"role":"user","content":"Q","timestamp":"2025-01-15T10:30:00Z"},{"role":"assistant","content":"A","timestamp":"2025-01-15T10:30:02Z"}]}""";
    private const string AsyntaiAccount = """{"success":true,"account":{"email":"you@example.com","plan":"starter","messages_used":150,"messages_limit":2500}}""";
    private const string Usage = """{"plan":"growth","period_start":"2025-01-01T00:00:00Z","period_end":"2025-02-01T00:00:00Z","queries_used":1250,"queries_limit":10000,"documents_used":42,"documents_limit":500,"actions_used":17,"actions_limit":1000}""";
    private const string Job = """{"job_id":"job_1","document_id":"d1","status":"queued"}""";

    /// <summary>Bodies that can only be a typed failure: (label, bytes, expected code).</summary>
    public static IEnumerable<(string Label, byte[] Body, SupportBotErrorCode Code)> Hopeless(Operation op)
    {
        var sample = Encoding.UTF8.GetBytes(op.Sample);
        yield return ("html", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"u8.ToArray(), SupportBotErrorCode.InvalidResponse);
        if (!op.EmptyIsSuccess)
        {
            yield return ("empty", [], SupportBotErrorCode.InvalidResponse);
        }
        yield return ("null", "null"u8.ToArray(), SupportBotErrorCode.InvalidResponse);
        yield return ("array", "[]"u8.ToArray(), SupportBotErrorCode.InvalidResponse);
        yield return ("string", "\"ok\""u8.ToArray(), SupportBotErrorCode.InvalidResponse);
        yield return ("truncated", sample.AsSpan(0, sample.Length / 2).ToArray(), SupportBotErrorCode.InvalidResponse);
        yield return ("invalid UTF-8 in a field", InvalidUtf8(sample), SupportBotErrorCode.InvalidResponse);
        yield return ("10,000-deep nesting", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)), SupportBotErrorCode.InvalidResponse);
    }

    /// <summary>The sample with the first string value's first character replaced by bytes that are not UTF-8.</summary>
    private static byte[] InvalidUtf8(byte[] sample)
    {
        var at = sample.AsSpan().IndexOf("\":\""u8) + 3;
        return [.. sample.AsSpan(0, at), 0xFF, 0xFE, .. sample.AsSpan(at + 1)];
    }

    /// <summary>The sample with one thing wrong: each field of the wrong type, each field null, a null item in each list.</summary>
    public static IEnumerable<(string Label, string Body)> Mutations(Operation op)
    {
        var root = JsonNode.Parse(op.Sample)!;
        foreach (var (path, node) in Walk(root, "$"))
        {
            JsonNode wrong = node switch
            {
                JsonObject => JsonValue.Create("text")!,
                JsonArray => new JsonObject { ["x"] = 1 },
                JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => JsonValue.Create(12345),
                JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValue.Create("NaN-ish"),
                JsonValue => JsonValue.Create("yes")!,
                _ => new JsonArray(1),

            };
            yield return ($"{path} of the wrong type", Replace(root, path, wrong));
            yield return ($"{path} null", Replace(root, path, null));
            if (node is JsonArray)
            {
                var withNull = JsonNode.Parse(op.Sample)!;
                var array = (JsonArray)Find(withNull, path)!;
                array.Insert(0, null);
                yield return ($"{path} with a null item", withNull.ToJsonString());
            }
        }
    }

    public static TheoryData<Operation> All()
    {
        var data = new TheoryData<Operation>();
        foreach (var op in Operations)
        {
            data.Add(op);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task The_documented_example_reads(Operation op)
    {
        var (client, _) = Create(op.Provider, () => Json(HttpStatusCode.OK, Encoding.UTF8.GetBytes(op.Sample)));
        await op.Call(client);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Hopeless_bodies_are_typed_failures(Operation op)
    {
        foreach (var (label, body, code) in Hopeless(op))
        {
            var (client, _) = Create(op.Provider, () => Json(HttpStatusCode.OK, body));
            var ex = await FluentActions.Awaiting(() => op.Call(client)).Should().ThrowAsync<SupportBotException>($"{op} with {label}");
            ex.Which.ErrorCode.Should().Be(code, $"{op} with {label}");
            ex.Which.Provider.Should().Be(op.Provider);
            ex.Which.StatusCode.Should().Be(200);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task One_wrong_field_is_read_tolerantly_or_is_InvalidResponse(Operation op)
    {
        foreach (var (label, body) in Mutations(op))
        {
            var (client, _) = Create(op.Provider, () => Json(HttpStatusCode.OK, Encoding.UTF8.GetBytes(body)));
            try
            {
                await op.Call(client);
            }
            catch (SupportBotException ex)
            {
                // Asyntai's envelope turns success:false (or a non-boolean) into its error; everything else is a bad body.
                ex.ErrorCode.Should().BeOneOf([SupportBotErrorCode.InvalidResponse, SupportBotErrorCode.InvalidRequest], $"{op} with {label}: {ex.Message}");
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{op} with {label} threw {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task A_huge_body_is_ResponseTooLarge(Operation op)
    {
        var (client, _) = Create(op.Provider, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream(hang: false)) });
        var ex = await FluentActions.Awaiting(() => op.Call(client)).Should().ThrowAsync<SupportBotException>();
        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.ResponseTooLarge);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task A_body_that_never_ends_is_Timeout(Operation op)
    {
        var (client, _) = Create(op.Provider, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream(hang: true)) }, o => o.Timeout = TimeSpan.FromMilliseconds(200));
        var ex = await FluentActions.Awaiting(() => op.Call(client)).Should().ThrowAsync<SupportBotException>();
        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
    }

    [Fact]
    public void The_corpus_covers_every_operation_of_every_provider()
    {
        var covered = Operations.Select(o => (o.Provider, o.Name)).ToHashSet();
        var expected = new HashSet<(SupportBotProvider, string)>();
        foreach (var provider in Enum.GetValues<SupportBotProvider>())
        {
            var capabilities = ProviderCapabilities.For(provider);
            foreach (var name in ProviderCapabilities.OperationNames.Where(capabilities.Supports))
            {
                // AISupportBot's transcript is the SDK's own store: no body to corrupt.
                if (!(provider == SupportBotProvider.AISupportBot && name == "GetConversation"))
                {
                    expected.Add((provider, $"Client.{name}Async"));
                }
            }
        }

        var natives = new Dictionary<Type, SupportBotProvider>
        {
            [typeof(AISupportBotClient)] = SupportBotProvider.AISupportBot,
            [typeof(AsyntaiClient)] = SupportBotProvider.Asyntai,
            [typeof(ChatSupportAIClient)] = SupportBotProvider.ChatSupportAI,
            [typeof(AskIaClient)] = SupportBotProvider.AskIA,
            [typeof(AgentApiClient)] = SupportBotProvider.AgentApi,
        };
        typeof(SupportBotClient).Assembly.GetTypes().Where(t => t.IsPublic && t.Name.EndsWith("Client", StringComparison.Ordinal) && t.Namespace!.Contains(".Providers.", StringComparison.Ordinal))
            .Should().BeEquivalentTo(natives.Keys, "every native client is listed here");
        foreach (var (type, provider) in natives)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => typeof(Task).IsAssignableFrom(m.ReturnType)))
            {
                expected.Add((provider, $"{type.Name}.{method.Name}"));
            }
        }

        covered.Should().BeEquivalentTo(expected);
    }

    private static T N<T>(SupportBotClient client)
        where T : class => client.GetNativeClient<T>();

    private static (SupportBotClient Client, RecordingHandler Handler) Create(SupportBotProvider provider, Func<HttpResponseMessage> respond, Action<SupportBotClientOptions>? configure = null)
    {
        var (client, handler) = TestClients.Create(provider, configure);
        handler.Default = _ => respond();
        return (client, handler);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, byte[] body) =>
        new(status) { Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } } };

    private static IEnumerable<(string Path, JsonNode? Node)> Walk(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    yield return ($"{path}.{key}", child);
                    foreach (var inner in Walk(child, $"{path}.{key}"))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return ($"{path}[{i}]", a[i]);
                    foreach (var inner in Walk(a[i], $"{path}[{i}]"))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static JsonNode? Find(JsonNode root, string path) =>
        Walk(root, "$").Where(p => p.Path == path).Select(p => p.Node).FirstOrDefault();

    private static string Replace(JsonNode sample, string path, JsonNode? value)
    {
        var root = sample.DeepClone();
        var target = Walk(root, "$").First(p => p.Path == path);
        var parentPath = path[..Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['))];
        var parent = parentPath == "$" ? root : Find(root, parentPath);
        switch (parent)
        {
            case JsonObject o:
                o[path[(path.LastIndexOf('.') + 1)..]] = value;
                break;
            case JsonArray a:
                a[int.Parse(path[(path.LastIndexOf('[') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
                break;
        }

        _ = target;
        return root.ToJsonString();
    }

    /// <summary>An endless body of spaces: either as fast as it is read (huge) or never a byte (hangs until cancelled).</summary>
    private sealed class EndlessStream(bool hang) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            return count;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            buffer.AsSpan(offset, count).Fill((byte)' ');
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
