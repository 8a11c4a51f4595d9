using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests;

/// <summary>Behaviour every provider shares: validation, malformed bodies, cancellation, secrets, continuity, capabilities.</summary>
public class CrossProviderTests
{
    public static TheoryData<SupportBotProvider> Providers => [.. Enum.GetValues<SupportBotProvider>()];

    /// <summary>A successful chat body for each provider, echoing the conversation id sent (or a server one).</summary>
    private static HttpResponseMessage ChatOk(SupportBotProvider provider, HttpRequestMessage request, string text = "Answer.")
    {
        var sent = JsonNode.Parse(request.Content!.ReadAsStringAsync().Result)!.AsObject();
        string? Sent(string name) => sent[name]?.GetValue<string>();
        var body = provider switch
        {
            SupportBotProvider.AISupportBot => new JsonObject { ["response"] = text, ["requiresEscalation"] = false },
            SupportBotProvider.Asyntai => new JsonObject { ["success"] = true, ["response"] = text, ["session_id"] = Sent("session_id") },
            SupportBotProvider.ChatSupportAI => new JsonObject { ["id"] = "resp_1", ["message"] = text, ["timestamp"] = "2026-01-01T00:00:00Z" },
            SupportBotProvider.AskIA => new JsonObject { ["reply"] = text, ["conversationId"] = Sent("conversationId") ?? "conv_server_1", ["messageId"] = "msg_1" },
            _ => new JsonObject { ["answer"] = text, ["conversation_id"] = Sent("conversation_id") ?? "conv_server_1", ["message_id"] = "msg_1", ["sources"] = new JsonArray(), ["confidence"] = 0.9 },
        };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString()) };
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_turns_continue_one_conversation_on_every_provider(SupportBotProvider provider)
    {
        var (client, handler) = TestClients.Create(provider);
        handler.Default = request => ChatOk(provider, request);

        var first = await client.ChatAsync(new ChatRequest("first question"));
        var second = await client.ChatAsync(new ChatRequest("follow-up") { ConversationId = first.ConversationId });

        first.ConversationId.Should().NotBeNullOrWhiteSpace();
        second.ConversationId.Should().Be(first.ConversationId);
        var secondBody = JsonNode.Parse(handler.Requests[1].Body!)!.AsObject();
        switch (provider)
        {
            case SupportBotProvider.AISupportBot:
                secondBody["history"]!.AsArray().Select(n => n!["content"]!.GetValue<string>()).Should().Equal("first question", "Answer.");
                break;
            case SupportBotProvider.Asyntai:
                secondBody["session_id"]!.GetValue<string>().Should().Be(first.ConversationId);
                break;
            case SupportBotProvider.ChatSupportAI:
                secondBody["sessionId"]!.GetValue<string>().Should().Be(first.ConversationId);
                break;
            case SupportBotProvider.AskIA:
                secondBody["conversationId"]!.GetValue<string>().Should().Be("conv_server_1");
                break;
            case SupportBotProvider.AgentApi:
                secondBody["conversation_id"]!.GetValue<string>().Should().Be("conv_server_1");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_empty_answer_escalates_on_every_provider(SupportBotProvider provider)
    {
        var (client, handler) = TestClients.Create(provider);
        handler.Default = request => ChatOk(provider, request, text: "");

        var reply = await client.ChatAsync(new ChatRequest("question"));

        reply.RequiresEscalation.Should().BeTrue();
        reply.Text.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Blank_message_is_rejected_before_sending(SupportBotProvider provider)
    {
        var (client, handler) = TestClients.Create(provider);

        foreach (var message in new[] { "", "   ", "\n\t" })
        {
            var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest(message))).Should().ThrowAsync<SupportBotValidationException>()).Which;
            ex.ParameterName.Should().Be("Message");
            ex.ErrorCode.Should().Be(SupportBotErrorCode.InvalidRequest);
        }

        await client.Invoking(c => c.ChatAsync((ChatRequest)null!)).Should().ThrowAsync<SupportBotValidationException>();
        handler.Requests.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Plain_http_to_a_remote_host_is_rejected_unless_allowed(SupportBotProvider provider)
    {
        var insecure = TestClients.Options(provider, o => o.BaseAddress = new Uri("http://api.example.com/"));
        var act = () => new SupportBotClient(new HttpClient(new RecordingHandler()), insecure);
        act.Should().Throw<SupportBotValidationException>().Which.ParameterName.Should().Be("BaseAddress");

        var allowed = TestClients.Options(provider, o => { o.BaseAddress = new Uri("http://api.example.com/"); o.AllowInsecureHttp = true; });
        new SupportBotClient(new HttpClient(new RecordingHandler()), allowed).BaseAddress.Should().Be(new Uri("http://api.example.com/"));

        foreach (var loopback in new[] { "http://127.0.0.1:5080/x", "http://localhost:5080/x/", "http://[::1]:5080/" })
        {
            var local = TestClients.Options(provider, o => o.BaseAddress = new Uri(loopback));
            new SupportBotClient(new HttpClient(new RecordingHandler()), local).BaseAddress.AbsoluteUri.Should().EndWith("/");
        }
    }

    [Theory]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")]
    [InlineData("""{"response":"The reset link is se""", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("null", "application/json")]
    [InlineData("[1,2,3]", "application/json")]
    [InlineData("""{"requiresEscalation":false}""", "application/json")]
    [InlineData("""{"response":42}""", "application/json")]
    public async Task A_malformed_2xx_body_is_InvalidResponse_never_a_raw_JsonException(string body, string contentType)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.Respond(HttpStatusCode.OK, body, contentType);

        var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotException>()).Which;

        ex.Should().BeOfType<SupportBotException>();
        ex.ErrorCode.Should().Be(SupportBotErrorCode.InvalidResponse);
        ex.StatusCode.Should().Be(200);
        ex.ResponseBody.Should().Be(body);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_HTML_error_page_keeps_the_status_code_and_the_raw_text(SupportBotProvider provider)
    {
        var (client, handler) = TestClients.Create(provider);
        const string html = "<html><body>502 Bad Gateway (nginx)</body></html>";
        handler.Respond(HttpStatusCode.BadGateway, html, "text/html");

        var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServerError);
        ex.StatusCode.Should().Be(502);
        ex.ResponseBody.Should().Be(html);
        ex.Details.Should().BeNull();
    }

    [Fact]
    public async Task Long_error_bodies_are_truncated()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AskIA);
        handler.Respond(HttpStatusCode.InternalServerError, new string('x', 10_000), "text/plain");

        var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ResponseBody!.Length.Should().Be(SupportBotException.MaxResponseBodyLength + 1);
        ex.ResponseBody.Should().EndWith("…");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Caller_cancellation_stays_OperationCanceledException(SupportBotProvider provider)
    {
        var (client, handler) = TestClients.Create(provider);
        handler.Default = request => ChatOk(provider, request);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await client.Invoking(c => c.ChatAsync(new ChatRequest("hi"), cts.Token)).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_the_server_stays_OperationCanceledException()
    {
        var handler = new BlockingHandler();
        var client = new SupportBotClient(new HttpClient(handler), TestClients.Options(SupportBotProvider.AskIA));
        using var cts = new CancellationTokenSource();

        var call = client.ChatAsync(new ChatRequest("hi"), cts.Token);
        await handler.Entered.Task;
        await cts.CancelAsync();

        await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task A_transport_timeout_that_is_not_the_callers_is_ErrorCode_Timeout()
    {
        var client = new SupportBotClient(new HttpClient(new BlockingHandler()) { Timeout = TimeSpan.FromMilliseconds(50) }, TestClients.Options(SupportBotProvider.AskIA));

        var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
        ex.IsRetryable.Should().BeTrue();
    }

    [Fact]
    public async Task Connection_failure_is_ErrorCode_Network()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
#if NET
        handler.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (asyntai.com:443)", new SocketException((int)SocketError.ConnectionRefused)));
#else
        handler.Throw(new HttpRequestException("Connection refused (asyntai.com:443)", new System.Net.WebException("Connection refused", new SocketException((int)SocketError.ConnectionRefused), System.Net.WebExceptionStatus.ConnectFailure, null)));
#endif

        var ex = (await client.Invoking(c => c.GetAccountAsync()).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.Network);
        ex.InnerException.Should().BeOfType<HttpRequestException>();
        ex.Message.Should().Contain("asyntai.com");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_key_never_appears_in_messages_bodies_or_ToString(SupportBotProvider provider)
    {
        if (provider == SupportBotProvider.AskIA)
        {
            return; // AskIA has no key; covered by the JWT case below.
        }

        var options = TestClients.Options(provider);
        var key = options.ApiKey!;
        var handler = new RecordingHandler();
        var client = new SupportBotClient(new HttpClient(handler), options);
        // A misbehaving server echoing the key back in its error.
        handler.Respond(HttpStatusCode.Unauthorized, $$"""{"error":"Invalid API key {{key}}","details":"key {{key}} was revoked"}""");

        var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest("hi") { UserContext = new JsonObject { ["secret"] = "user-context-secret" } })).Should().ThrowAsync<SupportBotException>()).Which;

        ex.Message.Should().NotContain(key);
        ex.Details.Should().NotContain(key);
        ex.ResponseBody.Should().NotContain(key).And.Contain("***");
        ex.ToString().Should().NotContain(key).And.NotContain("user-context-secret");
        options.ToString().Should().NotContain(key).And.Contain("ApiKey = ***");
        client.ToString().Should().NotContain(key);
    }

    [Fact]
    public void Request_ToString_hides_userContext_and_user_token()
    {
        var request = new ChatRequest("hello there") { UserContext = new JsonObject { ["ssn"] = "123-45-6789" }, UserToken = "jwt.secret.token" };

        request.ToString().Should().NotContain("123-45-6789").And.NotContain("jwt.secret.token").And.NotContain("hello there");
    }

    [Fact]
    public void Invalid_options_list_every_problem_by_option_name()
    {
        var options = new SupportBotClientOptions
        {
            Provider = SupportBotProvider.AgentApi,
            Timeout = TimeSpan.Zero,
            MaxHistoryMessages = -1,
            EscalationConfidenceThreshold = 2,
            Retry = new SupportBotRetryOptions { MaxRetries = -1 },
        };

        options.Validate().Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).Should().BeEquivalentTo(
            "ApiKey", "BaseAddress", "Timeout", "MaxHistoryMessages", "EscalationConfidenceThreshold", "Retry.MaxRetries");
    }

    [Fact]
    public void Options_are_snapshotted_when_the_client_is_built()
    {
        var options = TestClients.Options(SupportBotProvider.AskIA);
        var client = new SupportBotClient(new HttpClient(new RecordingHandler()), options);

        options.BaseAddress = new Uri("https://elsewhere.example.com/");

        client.BaseAddress.Should().Be(new Uri("https://askiabot.com/api/"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Unsupported_operations_throw_NotSupported_naming_provider_and_operation(SupportBotProvider provider)
    {
        var (client, handler) = TestClients.Create(provider);
        var caps = client.Capabilities;
        var calls = new Dictionary<string, Func<Task>>
        {
            ["GetBot"] = () => client.GetBotAsync("b"),
            ["GetBranding"] = () => client.GetBrandingAsync("b"),
            ["GetWebsites"] = () => client.GetWebsitesAsync(),
            ["GetConversation"] = () => client.GetConversationAsync("c"),
            ["GetAccount"] = () => client.GetAccountAsync(),
        };

        foreach (var (operation, call) in calls.Where(c => !caps.Supports(c.Key)))
        {
            var ex = (await call.Should().ThrowAsync<SupportBotNotSupportedException>()).Which;
            ex.Message.Should().Be($"{provider} does not support {operation}.");
            ex.Provider.Should().Be(provider);
        }

        handler.Requests.Should().BeEmpty();
        caps.Chat.Should().BeTrue();
    }

    [Fact]
    public void Capability_matrix_is_the_documented_one()
    {
        var rows = Enum.GetValues<SupportBotProvider>().ToDictionary(p => p, p => string.Concat(ProviderCapabilities.OperationNames.Select(o => ProviderCapabilities.For(p).Supports(o) ? "x" : ".")));

        rows.Should().Equal(new Dictionary<SupportBotProvider, string>
        {
            // Chat, GetBot, GetBranding, GetWebsites, GetConversation, GetAccount
            [SupportBotProvider.AISupportBot] = "x...x.",
            [SupportBotProvider.Asyntai] = "x..xxx",
            [SupportBotProvider.ChatSupportAI] = "xxx...",
            [SupportBotProvider.AskIA] = "xxx...",
            [SupportBotProvider.AgentApi] = "x...xx",
        });
    }

    [Fact]
    public void Native_clients_are_reachable_and_typed()
    {
        var (client, _) = TestClients.Create(SupportBotProvider.AgentApi);

        client.GetNativeClient<SupportBot.Client.Providers.AgentApi.AgentApiClient>().Should().NotBeNull();
        client.Invoking(c => c.GetNativeClient<SupportBot.Client.Providers.Asyntai.AsyntaiClient>()).Should().Throw<SupportBotNotSupportedException>();
    }

    private sealed class BlockingHandler : HttpMessageHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
