using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Client;
using SupportBot.Client.Testing;
using SupportBot.Client.Testing.Recording;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.Recording;

/// <summary>The recording handler's scrubbing, the secret scan, scenario chaining and replay through SupportBotWireMock.</summary>
public sealed class RecordingTests : IDisposable
{
    private const string RealKey = "sk_live_9fK2mQ7xR4tL8wZ1";
    private const string OtherKey = "sk_test_Zq81HostileKey77";
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lQGFjbWUuZXhhbXBsZSJ9.c2lnbmF0dXJlX2hlcmU";
    private const string QuerySecret = "q_5ecret_in_query";
    private const string SessionToken = "sess_7a7a7a7a7a";
    private const string Cookie = "sid=cookie_s3cret_value";
    private const string Email = "jane.doe@acme.example";

    private static readonly string[] Secrets = [RealKey, OtherKey, Jwt, QuerySecret, SessionToken, "cookie_s3cret_value", Email];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_hostile_exchange_is_scrubbed_before_anything_is_written_and_the_app_still_gets_the_real_answer()
    {
        var upstream = new StubUpstream((_, _) => StubUpstream.Json(
            401,
            $$"""{"error":"Key {{RealKey}} is revoked","detail":"user {{Email}} token {{Jwt}}","other":"{{OtherKey}}"}""",
            ("X-Session-Token", SessionToken), ("Set-Cookie", Cookie), ("Retry-After", "30")));
        using var http = new HttpClient(new SupportBotRecordingHandler(_folder.Options(SupportBotProvider.AgentApi, "https://agent.example.com/api/"), upstream));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"https://agent.example.com/api/v1/query?api_key={QuerySecret}&trace=1")
        {
            Content = new StringContent(
                $$$"""{"message":"When does my subscription renew?","conversation_id":"conv_1","user_token":"{{{Jwt}}}","userContext":{"email":"{{{Email}}}","plan":"pro"}}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RealKey);

        using var response = await http.SendAsync(request);

        (await response.Content.ReadAsStringAsync()).Should().Contain(RealKey, "the app gets the upstream's answer as it was");
        upstream.Received.Single().Authorization.Should().Be("Bearer " + RealKey, "the upstream gets the real key");
        upstream.Received.Single().Url.Should().Contain(QuerySecret);
        _folder.AllBytes().Should().NotContainAny(Secrets);
        SupportBotRecordings.Scan(_folder.Path, Secrets).Should().BeEmpty();

        var file = Directory.GetFiles(_folder.Mappings).Should().ContainSingle().Subject;
        Path.GetFileName(file).Should().Be("001-post-v1-query-401.json");
        var mapping = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        Guid.TryParse((string?)mapping["id"], out _).Should().BeTrue();
        mapping.Remove("id");
        mapping.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Should().Be(
            """{"name":"agentapi/recorded-001-post-v1-query-401","priority":1,"request":{"method":"POST","urlPath":"/agentapi/v1/query","queryParameters":{"api_key":{"equalTo":"sk_live_recorded_key_2"},"trace":{"equalTo":"1"}},"headers":{"Authorization":{"equalTo":"Bearer sk_live_your_key_here"}},"bodyPatterns":[{"equalToJson":{"message":"When does my subscription renew?","conversation_id":"conv_1"},"ignoreExtraElements":true},{"matchesJsonPath":"$.user_token"},{"matchesJsonPath":"$.userContext"}]},"response":{"status":401,"headers":{"X-Session-Token":"[scrubbed]","Set-Cookie":"[scrubbed]","Retry-After":"30","Content-Type":"application/json; charset=utf-8"},"jsonBody":{"error":"Key sk_live_your_key_here is revoked","detail":"user [scrubbed] token [scrubbed]","other":"sk_live_recorded_key_3"}},"metadata":{"provider":"AgentApi","recorded":{"at":"2026-12-05T09:30:00Z","tool":"SupportBot.Client.Testing","upstream":"https://agent.example.com/api/","method":"POST","path":"v1/query","status":401,"scrubbed":["request.query.api_key","request.headers.Authorization","request.body.user_token","request.body.userContext","response.headers.X-Session-Token","response.headers.Set-Cookie","response.body.error","response.body.detail","response.body.other"]},"source":{"document":"Recorded from https://agent.example.com/api/","section":"POST v1/query → 401 at 2026-12-05T09:30:00Z"},"example":{"method":"POST","url":"/agentapi/v1/query?api_key=sk_live_recorded_key_2&trace=1","headers":{"Authorization":"Bearer sk_live_your_key_here","Content-Type":"application/json; charset=utf-8"},"body":{"message":"When does my subscription renew?","conversation_id":"conv_1","user_token":"[scrubbed]","userContext":{"email":"[scrubbed]","plan":"[scrubbed]"}}}}}""");
    }

    [Fact]
    public async Task The_recorded_mapping_serves_its_own_example_and_a_replay_with_the_placeholder_key()
    {
        var upstream = new StubUpstream((_, _) => StubUpstream.Json(200, """{"answer":"Your subscription renews on the 1st.","conversation_id":"conv_1"}"""));
        using (var http = new HttpClient(new SupportBotRecordingHandler(_folder.Options(SupportBotProvider.AgentApi, "https://agent.example.com/"), upstream)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "https://agent.example.com/v1/query")
            {
                Content = new StringContent($$"""{"message":"When?","conversation_id":"conv_1","user_token":"{{Jwt}}"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RealKey);
            (await http.SendAsync(request)).Dispose();
        }

        var options = new SupportBotWireMockOptions { IncludeDocumentedContracts = false };
        options.RecordingFolders.Add(_folder.Path);
        using var wireMock = SupportBotWireMock.Start(options);
        var recorded = wireMock.Mappings.Should().ContainSingle().Subject;
        recorded.IsRecorded.Should().BeTrue();
        recorded.Provider.Should().Be(SupportBotProvider.AgentApi);
        recorded.Source.Should().Be("Recorded from https://agent.example.com/ — POST v1/query → 200 at 2026-12-05T09:30:00Z");

        using var http2 = new HttpClient();
        using (var example = recorded.CreateExampleRequest(wireMock.BaseAddress))
        using (var served = await http2.SendAsync(example))
        {
            ((int)served.StatusCode).Should().Be(200);
        }

        // The SDK with the documented example key and its own user token: served by the recording, same normalized reply.
        using var client = wireMock.CreateClient(SupportBotProvider.AgentApi);
        var reply = await client.ChatAsync(new ChatRequest { Message = "When?", ConversationId = "conv_1", UserToken = "eyJother.token.value" });
        reply.Text.Should().Be("Your subscription renews on the 1st.");
        reply.ConversationId.Should().Be("conv_1");
        wireMock.MatchedMappingNames.Should().Equal(recorded.Name, recorded.Name);
        SupportBotContracts.All.Should().NotContain(m => m.IsRecorded);
    }

    [Fact]
    public async Task The_same_request_recorded_again_replays_in_recorded_order_then_repeats_the_last_answer()
    {
        var upstream = new StubUpstream((_, n) => StubUpstream.Json(200, $$$"""{"success":true,"account":{"email":"you@example.com","plan":"starter","messages_used":{{{n}}},"messages_limit":2500}}"""));
        using (var http = new HttpClient(new SupportBotRecordingHandler(_folder.Options(SupportBotProvider.Asyntai, "https://asyntai.example/api/v1/"), upstream)))
        {
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "https://asyntai.example/api/v1/account/");
                request.Headers.TryAddWithoutValidation("X-API-Key", "asyntai_real_key_0001");
                (await http.SendAsync(request)).Dispose();
            }
        }

        var files = Directory.GetFiles(_folder.Mappings).Order(StringComparer.Ordinal).Select(f => JsonNode.Parse(File.ReadAllText(f))!).ToList();
        files.Select(f => ((string?)f["scenarioName"], (string?)f["requiredScenarioState"], (string?)f["newScenarioState"])).Should().Equal(
            ("asyntai/recorded-001-get-account-200 (repeated)", "Started", "2"),
            ("asyntai/recorded-001-get-account-200 (repeated)", "2", "3"),
            ("asyntai/recorded-001-get-account-200 (repeated)", "3", "3"));

        var options = new SupportBotWireMockOptions();
        options.RecordingFolders.Add(_folder.Path);
        options.Providers.Add(SupportBotProvider.Asyntai);
        using var wireMock = SupportBotWireMock.Start(options);
        using var client = wireMock.CreateClient(SupportBotProvider.Asyntai, o => o.AuthHeader = SupportBotAuthHeader.XApiKey);
        var used = new List<long?>();
        for (var i = 0; i < 4; i++)
        {
            used.Add((await client.GetAccountAsync()).MessagesUsed);
        }

        used.Should().Equal(1, 2, 3, 3);
        wireMock.UnmatchedRequests.Should().BeEmpty();
        wireMock.Server.ResetScenarios();
        (await client.GetAccountAsync()).MessagesUsed.Should().Be(1, "a reset scenario starts again at the first recorded answer");
    }

    [Fact]
    public async Task A_key_in_the_path_is_scrubbed_from_the_file_name_the_mapping_name_and_the_url_too()
    {
        const string PathKey = "ask_9f8e7d6c5b4a3928";
        var upstream = new StubUpstream((_, _) => StubUpstream.Json(404, """{"error":"Not found"}"""));
        using (var http = new HttpClient(new SupportBotRecordingHandler(_folder.Options(SupportBotProvider.AISupportBot, "https://aisupportbot.example/api/"), upstream)))
        {
            (await http.GetAsync($"https://aisupportbot.example/api/keys/{PathKey}/status")).Dispose();
        }

        var file = Directory.GetFiles(_folder.Mappings).Should().ContainSingle().Subject;
        Path.GetFileName(file).Should().Be("001-get-keys-ask-your-api-key-status-404.json");
        var mapping = JsonNode.Parse(File.ReadAllText(file))!;
        ((string?)mapping["name"]).Should().Be("aisupportbot/recorded-001-get-keys-ask-your-api-key-status-404");
        ((string?)mapping["request"]!["urlPath"]).Should().Be("/aisupportbot/api/keys/ask_your_api_key/status");
        ((string?)mapping["request"]!["headers"]!["X-API-Key"]!["absent"]?.ToString()).Should().Be("true", "no key header was sent");
        _folder.AllBytes().Should().NotContain(PathKey);
    }

    [Fact]
    public void The_shipped_contracts_hold_no_secret()
    {
        Directory.EnumerateFiles(RepoPaths.WireMockContracts, "*.json", SearchOption.AllDirectories).Should().HaveCount(77);
        SupportBotRecordings.Scan(RepoPaths.WireMockContracts).Should().BeEmpty();
    }

    [Fact]
    public void The_scan_finds_every_kind_of_secret_in_a_hostile_recording_without_printing_one()
    {
        Directory.CreateDirectory(_folder.Mappings);
        File.WriteAllText(Path.Combine(_folder.Mappings, "001-hostile.json"), $$"""
            {
              "id": "8e7d2b0c-6a4e-4f5e-9a39-0d6b1f0c2a11", "name": "agentapi/recorded-001-hostile", "priority": 1,
              "request": { "method": "POST", "urlPath": "/agentapi/v1/query",
                "headers": { "Authorization": { "equalTo": "Bearer {{RealKey}}" } },
                "queryParameters": { "api_key": { "equalTo": "plainvalue" } },
                "bodyPatterns": [ { "equalToJson": { "message": "Hi", "user_token": "not-a-jwt-but-real" }, "ignoreExtraElements": true } ] },
              "response": { "status": 401, "headers": { "X-Session-Token": "abc123456" },
                "jsonBody": { "error": "bad key ask_live_3f9a8b7c6d", "token": "{{Jwt}}", "echo": "MyAsyntaiKey_42" } },
              "metadata": { "provider": "AgentApi", "recorded": { "at": "2026-12-05T09:30:00Z" },
                "example": { "method": "POST", "url": "/agentapi/v1/query", "body": { "message": "Hi", "userContext": { "email": "{{Email}}" } } } }
            }
            """);
        File.WriteAllText(Path.Combine(_folder.Mappings, "002-broken.json"), "{ not json");

        var findings = SupportBotRecordings.Scan(_folder.Path, ["MyAsyntaiKey_42"]);

        var file = Path.Combine("mappings", "001-hostile.json");
        const string Fix = "; scrub it (re-record, or replace it with a placeholder) before committing";
        findings.Select(f => f.ToString()).Should().Equal(
            $"{file}: bytes: known secret #1 (15 chars) is in the file{Fix}",
            $"{file}: $.request.headers.Authorization.equalTo: a value in the shape of a provider key (sk_l…24 chars) that is not a placeholder{Fix}",
            $"{file}: $.request.headers.Authorization.equalTo: Authorization holds a value (24 chars) that is not a placeholder{Fix}",
            $"{file}: $.request.queryParameters.api_key.equalTo: api_key holds a value (10 chars) that is not a placeholder{Fix}",
            $"{file}: $.request.bodyPatterns[0].equalToJson.user_token: user_token holds a value (18 chars) that is not a placeholder{Fix}",
            $"{file}: $.response.headers['X-Session-Token']: X-Session-Token holds a value (9 chars) that is not a placeholder{Fix}",
            $"{file}: $.response.jsonBody.error: a value in the shape of a provider key (ask_…19 chars) that is not a placeholder{Fix}",
            $"{file}: $.response.jsonBody.token: a JWT (eyJh…77 chars) that is not a placeholder{Fix}",
            $"{file}: $.response.jsonBody.token: token holds a value (77 chars) that is not a placeholder{Fix}",
            $"{file}: $.response.jsonBody.echo: a known secret (15 chars) is in this value{Fix}",
            $"{file}: $.metadata.example.body.userContext.email: userContext holds a value (21 chars) that is not a placeholder{Fix}",
            $"{Path.Combine("mappings", "002-broken.json")}: $: not JSON, so it cannot be scanned ('n' is an invalid start of a property name); fix or remove the file");
        string.Concat(findings.Select(f => f.ToString())).Should().NotContainAny(RealKey, Jwt, "ask_live_3f9a8b7c6d", "MyAsyntaiKey_42", "plainvalue", "abc123456", Email);
    }

    [Fact]
    public void Loading_a_recording_names_the_folder_or_file_that_is_wrong()
    {
        var missing = Path.Combine(_folder.Path, "nowhere");
        var act = () => SupportBotRecordings.Load(missing);
        act.Should().Throw<DirectoryNotFoundException>().WithMessage($"Recording folder '{missing}' does not exist.");

        Directory.CreateDirectory(_folder.Mappings);
        var file = Path.Combine(_folder.Mappings, "001-x.json");
        File.WriteAllText(file, """{"id":"8e7d2b0c-6a4e-4f5e-9a39-0d6b1f0c2a11","name":"x/y","request":{"method":"GET","urlPath":"/"},"response":{"status":200},"metadata":{"provider":"Acme"}}""");
        act = () => SupportBotRecordings.Load(_folder.Path);
        act.Should().Throw<FormatException>().WithMessage($"Recorded mapping {file} has metadata.provider 'Acme'; it must be one of AISupportBot, Asyntai, ChatSupportAI, AskIA, AgentApi.");
    }

    [Fact]
    public void Recording_options_name_the_fix()
    {
        var options = new SupportBotRecordingOptions { Provider = SupportBotProvider.Asyntai, OutputFolder = _folder.Path, Upstream = new Uri("https://asyntai.com/api/v1") };
        var act = () => new SupportBotRecordingHandler(options);
        act.Should().Throw<ArgumentException>().WithMessage("Upstream must end with '/' so that relative paths append to it: use 'https://asyntai.com/api/v1/'.*");

        options.Upstream = new Uri("https://asyntai.com/api/v1/");
        options.SecretPatterns.Add("asy_[");
        act.Should().Throw<ArgumentException>().WithMessage("Secret pattern 'asy_[' is not a valid .NET regular expression:*");
    }
}
