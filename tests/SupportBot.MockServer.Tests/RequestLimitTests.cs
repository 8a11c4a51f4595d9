using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Client;
using SupportBot.MockServer.Providers;

namespace SupportBot.MockServer.Tests;

/// <summary>
/// Issue 10 item 5: on every route, a body over the size limit is a 413 and a body that is not the JSON the route
/// takes (invalid JSON, JSON null, an array, wrong field types) is a 400 — both in the provider's own error shape —
/// and nothing throws inside the server (no 500).
/// </summary>
public sealed class RequestLimitTests
{
    public static TheoryData<string, string, string> AllRoutes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var endpoints in ProviderRegistry.All)
        {
            foreach (var (method, pattern, _) in endpoints.DeclaredRoutes())
            {
                data.Add(endpoints.Provider.ToString(), method, pattern);
            }
        }

        return data;
    }

    public static TheoryData<string, string, string> BodyRoutes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var endpoints in ProviderRegistry.All)
        {
            foreach (var (method, pattern, route) in endpoints.DeclaredRoutes().Where(r => r.Route.Body != BodyKind.None))
            {
                data.Add(endpoints.Provider.ToString(), method, pattern);
            }
        }

        return data;
    }

    /// <summary>Bodies that are not a JSON object.</summary>
    public static readonly string[] NotAnObject =
    [
        "{", "not json", "null", "[]", "[{\"message\":\"hi\"}]", "\"text\"", "42", "true", "{\"message\":\"hi\"", "{\"message\":\"hi\"}}",
        new string('[', 200) + new string(']', 200), "{\"message\":\"\\uZZZZ\"}", "\u00ff\u00fe",
    ];

    /// <summary>Per route, JSON objects whose fields have the wrong JSON types (each one must be a 400).</summary>
    private static readonly Dictionary<string, string[]> WrongTypes = new(StringComparer.Ordinal)
    {
        ["AISupportBot POST /chat"] =
        [
            """{"assistantId":"clz1abc...","message":42}""", """{"assistantId":["clz1abc..."],"message":"hi"}""",
            """{"assistantId":"clz1abc...","message":"hi","history":{"role":"user","content":"x"}}""",
            """{"assistantId":"clz1abc...","message":"hi","history":["x"]}""", """{"assistantId":"clz1abc...","message":"hi","history":[{"role":"user","content":5}]}""",
            """{"assistantId":"clz1abc...","message":"hi","userContext":"pro"}""", """{"assistantId":"clz1abc...","message":"hi","userContext":[1]}""",
            """{"assistantId":"clz1abc...","message":"hi","userId":123}""", """{"assistantId":"clz1abc...","message":"hi","channelId":false}""",
        ],
        ["Asyntai POST /chat/"] =
        [
            """{"message":["hi"]}""", """{"message":"hi","session_id":5}""", """{"message":"hi","website_id":"1"}""", """{"message":"hi","website_id":{}}""",
        ],
        ["ChatSupportAI POST /widget/chat"] =
        [
            """{"message":"hi","widgetId":7}""", """{"message":1,"widgetId":"YOUR_WIDGET_ID"}""", """{"message":"hi","widgetId":"YOUR_WIDGET_ID","sessionId":5}""",
            """{"message":"hi","widgetId":"YOUR_WIDGET_ID","context":"x"}""", """{"message":"hi","widgetId":"YOUR_WIDGET_ID","context":{"rules":[]}}""",
            """{"message":"hi","widgetId":"YOUR_WIDGET_ID","context":{"rules":{"policies":"x"}}}""", """{"message":"hi","widgetId":"YOUR_WIDGET_ID","context":{"scrapedData":5}}""",
        ],
        ["ChatSupportAI POST /scrape"] = ["""{"url":5}""", """{"url":["https://example.com"]}"""],
        ["AskIA POST /widget/chat"] = ["""{"botId":5,"message":"hi"}""", """{"botId":"YOUR_BOT_ID","message":{}}""", """{"botId":"YOUR_BOT_ID","message":"hi","conversationId":5}"""],
        ["AgentApi POST /v1/query"] = ["""{"message":5}""", """{"message":"hi","conversation_id":5}""", """{"message":"hi","user_token":{}}"""],
        ["AgentApi POST /v1/documents"] =
        [
            """{"title":5,"content":"x"}""", """{"title":"t","content":["x"]}""", """{"title":"t","content":"x","url":1}""",
            """{"title":"t","content":"x","metadata":[1]}""", """{"title":"t","content":"x","metadata":{"a":1}}""",
        ],
        ["AgentApi PUT /v1/documents/{id}"] = ["""{"title":5}""", """{"content":false}""", """{"url":1}""", """{"metadata":"x"}"""],
        ["AgentApi POST /v1/actions/{name}"] = ["""{"parameters":"x"}""", """{"parameters":{},"conversation_id":5}""", """{"user_token":1}"""],

        // Reindex takes an optional body with no fields: any JSON object is accepted.
        ["AgentApi POST /v1/documents/reindex"] = [],
    };

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task Oversized_body_is_413_in_the_provider_error_shape(string provider, string method, string pattern)
    {
        await using var server = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { MaxRequestBodySize = 1024, TimeProvider = new FakeTimeProvider() });
        var p = Enum.Parse<SupportBotProvider>(provider);
        var body = Encoding.UTF8.GetBytes("{\"message\":\"" + new string('a', 4000) + "\"}");

        var (status, text) = await SendAsync(server, p, method, pattern, body);

        status.Should().Be(413, text);
        AssertErrorShape(p, text);
        server.Journal.Last().StatusCode.Should().Be(413);
        (await SendAsync(server, p, method, pattern, Encoding.UTF8.GetBytes("{}"))).Status.Should().NotBe(500, "the server keeps serving");
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Body_that_is_not_a_json_object_is_400_in_the_provider_error_shape(string provider, string method, string pattern)
    {
        await using var server = await Mock.StartAsync();
        var p = Enum.Parse<SupportBotProvider>(provider);
        foreach (var body in NotAnObject)
        {
            var (status, text) = await SendAsync(server, p, method, pattern, Encoding.Latin1.GetBytes(body));
            status.Should().Be(400, "{0} {1} with body {2} answers {3}", method, pattern, body, text);
            AssertErrorShape(p, text);
        }

        var required = ProviderRegistry.For(p).DeclaredRoutes().Single(r => r.Method == method && r.Pattern == pattern).Route.Body == BodyKind.Required;
        if (required)
        {
            var (status, text) = await SendAsync(server, p, method, pattern, []);
            status.Should().Be(400, "an empty body where JSON is required; got {0}", text);
            AssertErrorShape(p, text);
        }
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Wrong_json_types_are_400_in_the_provider_error_shape(string provider, string method, string pattern)
    {
        var key = $"{provider} {method} {pattern}";
        WrongTypes.Should().ContainKey(key, "every route that takes JSON lists its wrong-type bodies here");
        await using var server = await Mock.StartAsync();
        var p = Enum.Parse<SupportBotProvider>(provider);
        foreach (var body in WrongTypes[key])
        {
            var (status, text) = await SendAsync(server, p, method, pattern, Encoding.UTF8.GetBytes(body));
            status.Should().Be(400, "{0} with body {1} answers {2}", key, body, text);
            AssertErrorShape(p, text);
        }
    }

    [Fact]
    public async Task A_60_MB_chat_is_413_with_the_default_limit()
    {
        await using var server = await Mock.StartAsync();
        var huge = new byte[60 * 1024 * 1024];
        huge.AsSpan().Fill((byte)'a');
        "{\"assistantId\":\"clz1abc...\",\"message\":\""u8.CopyTo(huge);

        var (status, text) = await SendAsync(server, SupportBotProvider.AISupportBot, "POST", "/chat", huge);

        status.Should().Be(413);
        if (!text.StartsWith("(not read", StringComparison.Ordinal))
        {
            JsonNode.Parse(text)!["error"]!.GetValue<string>().Should().Be("Request body too large");
        }

        server.Options.MaxRequestBodySize.Should().Be(30_000_000);
    }

    [Fact]
    public async Task A_body_under_the_limit_is_served()
    {
        await using var server = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { MaxRequestBodySize = 1024, TimeProvider = new FakeTimeProvider() });
        var (status, text) = await SendAsync(server, SupportBotProvider.AISupportBot, "POST", "/chat", Encoding.UTF8.GetBytes("""{"assistantId":"clz1abc...","message":"How do I reset my password?"}"""));
        status.Should().Be(200, text);
    }

    private static async Task<(int Status, string Body)> SendAsync(SupportBotMockServer server, SupportBotProvider provider, string method, string pattern, byte[] body)
    {
        var path = pattern.TrimStart('/').Replace("{id}", "doc_reset_password", StringComparison.Ordinal)
            .Replace("{widgetId}", "YOUR_WIDGET_ID", StringComparison.Ordinal).Replace("{name}", "order_status", StringComparison.Ordinal);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(server.BaseAddressFor(provider), path));
        foreach (var (name, value) in Auth(provider))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException ex)
        {
            // A large body may still be on its way when the server answers 413 and closes the connection.
            // Then the journal has the status and the body is not readable on this side.
            return (server.Journal.Last().StatusCode, "(not read: " + ex.Message + ")");
        }
    }

    private static IEnumerable<(string, string)> Auth(SupportBotProvider provider) => provider switch
    {
        SupportBotProvider.AISupportBot => [("X-API-Key", "ask_your_api_key")],
        SupportBotProvider.Asyntai or SupportBotProvider.ChatSupportAI => [("Authorization", "Bearer YOUR_API_KEY")],
        SupportBotProvider.AgentApi => [("Authorization", "Bearer sk_live_your_key_here")],
        _ => [],
    };

    private static void AssertErrorShape(SupportBotProvider provider, string text)
    {
        var json = JsonNode.Parse(text)!.AsObject();
        switch (provider)
        {
            case SupportBotProvider.AISupportBot:
                json["error"]!.GetValueKind().Should().Be(JsonValueKind.String);
                json.Select(p => p.Key).Should().BeSubsetOf(["error", "details"]);
                break;
            case SupportBotProvider.Asyntai:
                json["success"]!.GetValue<bool>().Should().BeFalse();
                json["error"]!.GetValueKind().Should().Be(JsonValueKind.String);
                json.Count.Should().Be(2);
                break;
            case SupportBotProvider.AgentApi:
                json.Count.Should().Be(1);
                json["error"]!["code"]!.GetValueKind().Should().Be(JsonValueKind.String);
                json["error"]!["message"]!.GetValueKind().Should().Be(JsonValueKind.String);
                break;
            default:
                json.Count.Should().Be(1);
                json["error"]!.GetValueKind().Should().Be(JsonValueKind.String);
                break;
        }
    }
}
