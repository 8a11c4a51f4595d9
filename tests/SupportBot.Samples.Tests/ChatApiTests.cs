using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Samples.Tests;

/// <summary>POST /api/chat of the web chat sample, in-process against its embedded mock server (AgentApi).</summary>
public sealed class ChatApiTests(WebChatHost host) : IClassFixture<WebChatHost>
{
    [Fact]
    public async Task Known_question_is_answered_with_its_source()
    {
        var (status, body, _) = await PostAsync(new JsonObject { ["message"] = "How do I reset my password?" });

        status.Should().Be(HttpStatusCode.OK);
        body["text"]!.GetValue<string>().Should().StartWith("To reset your password, click");
        body["requiresEscalation"]!.GetValue<bool>().Should().BeFalse();
        body["conversationId"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        body["confidence"]!.GetValue<double>().Should().BeGreaterThan(0.5);
        var source = body["sources"]!.AsArray().Should().ContainSingle().Subject!;
        source["title"]!.GetValue<string>().Should().Be("Resetting your password");
        source["documentId"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Second_turn_with_the_returned_conversation_id_continues_the_conversation()
    {
        var (_, first, _) = await PostAsync(new JsonObject { ["message"] = "How do I reset my password?" });
        var conversationId = first["conversationId"]!.GetValue<string>();

        var (status, second, _) = await PostAsync(new JsonObject { ["message"] = "What are your business hours?", ["conversationId"] = conversationId });

        status.Should().Be(HttpStatusCode.OK);
        second["conversationId"]!.GetValue<string>().Should().Be(conversationId);
        second["requiresEscalation"]!.GetValue<bool>().Should().BeFalse();
        host.Mock.Journal.For(SupportBotProvider.AgentApi).Last().Body.Should().Contain(conversationId, "the proxy forwards the id to the provider");

        var (_, other, _) = await PostAsync(new JsonObject { ["message"] = "How do I reset my password?" });
        other["conversationId"]!.GetValue<string>().Should().NotBe(conversationId, "without an id a new conversation starts");
    }

    [Fact]
    public async Task Off_topic_question_escalates_without_an_answer()
    {
        var (status, body, _) = await PostAsync(new JsonObject { ["message"] = "Do you sell pizza in Tokyo?" });

        status.Should().Be(HttpStatusCode.OK);
        body["requiresEscalation"]!.GetValue<bool>().Should().BeTrue();
        body["text"]!.GetValue<string>().Should().BeEmpty("an escalated reply's text is never shown as an answer");
        body["sources"]!.AsArray().Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Blank_message_is_400_and_nothing_is_sent(string? message)
    {
        var before = host.Mock.Journal.Count;

        var (status, body, _) = await PostAsync(new JsonObject { ["message"] = message });

        status.Should().Be(HttpStatusCode.BadRequest);
        body["error"]!.GetValue<string>().Should().Be("Please type a message.");
        host.Mock.Journal.Count.Should().Be(before);
    }

    [Fact]
    public async Task Malformed_json_is_400_and_wrong_content_type_is_415()
    {
        using var http = host.CreateClient();
        using var malformed = new StringContent("{\"message\": ", Encoding.UTF8, "application/json");
        using var form = new StringContent("message=hi", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var r1 = await http.PostAsync(new Uri("api/chat", UriKind.Relative), malformed);
        using var r2 = await http.PostAsync(new Uri("api/chat", UriKind.Relative), form);

        r1.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await r1.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        r2.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Page_script_and_styles_are_served()
    {
        using var http = host.CreateClient();

        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        var script = await http.GetStringAsync(new Uri("chat.js", UriKind.Relative));
        using var css = await http.GetAsync(new Uri("chat.css", UriKind.Relative));

        page.Should().Contain("aria-live=\"polite\"").And.Contain("<label for=\"message\"").And.Contain("chat.js");
        script.Should().Contain("api/chat");
        css.StatusCode.Should().Be(HttpStatusCode.OK);
        css.Content.Headers.ContentType!.MediaType.Should().Be("text/css");
        (page + script).Should().NotContain(host.ApiKey);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body, string Raw)> PostAsync(JsonObject request)
    {
        using var http = host.CreateClient();
        using var response = await http.PostAsJsonAsync(new Uri("api/chat", UriKind.Relative), request);
        var raw = await response.Content.ReadAsStringAsync();
        raw.Should().NotContain(host.ApiKey);
        return (response.StatusCode, JsonNode.Parse(raw)!.AsObject(), raw);
    }
}

/// <summary>How SDK errors become HTTP answers: status, Retry-After, a short {error}, never the key or provider details.</summary>
public sealed class ChatApiErrorMappingTests(WebChatHost host) : IClassFixture<WebChatHost>, IDisposable
{
    public void Dispose() => host.Mock.Faults.Clear();

    [Fact]
    public async Task Provider_rate_limit_is_429_with_retry_after()
    {
        // Beyond the SDK's MaxRetryAfter (60 s), so the SDK does not wait and the caller gets Retry-After.
        Fault(429, """{"error":{"code":"rate_limited","message":"Too many requests: retry after 120 seconds."}}""", retryAfter: "120");

        var (status, body, retryAfter) = await PostAsync();

        status.Should().Be(HttpStatusCode.TooManyRequests);
        retryAfter.Should().Be(TimeSpan.FromSeconds(120));
        body.Should().Contain("\"error\"").And.NotContain("Too many requests: retry after");
    }

    [Fact]
    public async Task Quota_exhausted_is_429()
    {
        Fault(429, """{"error":{"code":"quota_exceeded","message":"Monthly query quota exceeded."}}""");

        var (status, body, _) = await PostAsync();

        status.Should().Be(HttpStatusCode.TooManyRequests);
        body.Should().Contain("message limit");
    }

    [Fact]
    public async Task Rejected_key_is_502_without_details()
    {
        Fault(401, $$$"""{"error":{"code":"invalid_api_key","message":"Invalid API key {{{host.ApiKey}}}."}}""");

        var (status, body, _) = await PostAsync();

        status.Should().Be(HttpStatusCode.BadGateway);
        body.Should().Contain("not configured correctly").And.NotContain("invalid_api_key").And.NotContain("Invalid API key");
    }

    [Fact]
    public async Task Provider_server_error_is_502()
    {
        Fault(500, """{"error":{"code":"internal","message":"stack trace at Acme.Internal.Thing"}}""");

        var (status, body, _) = await PostAsync();

        status.Should().Be(HttpStatusCode.BadGateway);
        body.Should().NotContain("Acme.Internal");
    }

    [Fact]
    public async Task Provider_unavailable_is_503()
    {
        // Retry-After 0 lets the SDK's retries run at once; the fault outlasts them.
        Fault(503, """{"error":{"code":"service_unavailable","message":"AI backend down for maintenance"}}""", retryAfter: "0");

        var (status, body, _) = await PostAsync();

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        body.Should().NotContain("maintenance");
    }

    [Fact]
    public async Task Message_over_2000_characters_is_400_and_nothing_is_sent()
    {
        var before = host.Mock.Journal.For(SupportBotProvider.AgentApi).Count;
        using var http = host.CreateClient();

        using var response = await http.PostAsJsonAsync(new Uri("api/chat", UriKind.Relative), new JsonObject { ["message"] = new string('a', 2001) });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        host.Mock.Journal.For(SupportBotProvider.AgentApi).Count.Should().Be(before);
    }

    [Fact]
    public async Task Unknown_conversation_is_404_so_the_page_starts_a_new_one()
    {
        var (status, body, _) = await PostAsync(conversationId: "conv_does_not_exist");

        status.Should().Be(HttpStatusCode.NotFound);
        body.Should().Contain("start a new one");
    }

    private void Fault(int status, string body, string? retryAfter = null) =>
        host.Mock.Faults.Add(new MockFault
        {
            Provider = SupportBotProvider.AgentApi,
            PathContains = "v1/query",
            Count = 10, // more than the SDK's retries
            StatusCode = status,
            Body = body,
            ContentType = "application/json",
            Headers = retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter },
        });

    private async Task<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> PostAsync(string? conversationId = null)
    {
        using var http = host.CreateClient();
        using var response = await http.PostAsJsonAsync(new Uri("api/chat", UriKind.Relative), new JsonObject { ["message"] = "How do I reset my password?", ["conversationId"] = conversationId });
        var raw = await response.Content.ReadAsStringAsync();
        raw.Should().NotContain(host.ApiKey);
        response.Headers.ToString().Should().NotContain(host.ApiKey);
        JsonNode.Parse(raw)!["error"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        return (response.StatusCode, raw, response.Headers.RetryAfter?.Delta);
    }
}
