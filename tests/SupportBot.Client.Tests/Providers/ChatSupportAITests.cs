using System.Net;
using SupportBot.Client.Providers.ChatSupportAI;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests.Providers;

public class ChatSupportAITests
{
    private static readonly CompanyRules AcmeRules = new()
    {
        CompanyName = "Acme Inc.",
        CompanyDescription = "A software company specializing in AI tools.",
        Policies = [new CompanyPolicy("Business Hours", "Our business hours are 9am-5pm EST, Monday through Friday.")],
        Tone = "friendly",
    };

    [Fact]
    public async Task Chat_with_rules_and_scraped_data_matches_the_documented_body()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.ChatSupportAI);
        handler.RespondJson("""{"id":"resp_1680123456789","message":"Our business hours are 9am-5pm EST, Monday through Friday.","timestamp":"2023-03-29T14:30:00.000Z"}""");

        var reply = await client.ChatAsync(new ChatRequest("What are your business hours?")
        {
            ConversationId = "user_session_123",
            Rules = AcmeRules,
            ScrapedData = "Acme Inc. provides cutting-edge AI solutions for businesses.",
        });

        var request = handler.Single;
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.Should().Be(new Uri("https://supportgenie.online/api/widget/chat"));
        request.Header("Authorization").Should().Be("Bearer " + TestClients.ChatSupportKey);
        JsonAssert.Equal("""
            {"message":"What are your business hours?","widgetId":"YOUR_WIDGET_ID","sessionId":"user_session_123",
             "context":{"rules":{"companyName":"Acme Inc.","companyDescription":"A software company specializing in AI tools.",
               "policies":[{"title":"Business Hours","content":"Our business hours are 9am-5pm EST, Monday through Friday."}],"tone":"friendly"},
               "scrapedData":"Acme Inc. provides cutting-edge AI solutions for businesses."}}
            """, request.Body);
        reply.Text.Should().Be("Our business hours are 9am-5pm EST, Monday through Friday.");
        reply.MessageId.Should().Be("resp_1680123456789");
        reply.Timestamp.Should().Be(new DateTimeOffset(2023, 3, 29, 14, 30, 0, TimeSpan.Zero));
        reply.ConversationId.Should().Be("user_session_123");
        reply.RequiresEscalation.Should().BeFalse();
    }

    [Fact]
    public async Task Minimal_chat_mints_a_session_and_reuses_it()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.ChatSupportAI);
        handler.RespondJson("""{"id":"resp_1","message":"Hello!","timestamp":"2023-03-29T14:30:00.000Z"}""");
        handler.RespondJson("""{"id":"resp_2","message":"Sure.","timestamp":"2023-03-29T14:30:05.000Z"}""");

        var first = await client.ChatAsync(new ChatRequest("Hi"));
        var second = await client.ChatAsync(new ChatRequest("And?") { ConversationId = first.ConversationId });

        first.ConversationId.Should().MatchRegex("^conv_[0-9a-f]{32}$");
        second.ConversationId.Should().Be(first.ConversationId);
        JsonAssert.Equal($$"""{"message":"Hi","widgetId":"YOUR_WIDGET_ID","sessionId":"{{first.ConversationId}}"}""", handler.Requests[0].Body);
        JsonAssert.Equal($$"""{"message":"And?","widgetId":"YOUR_WIDGET_ID","sessionId":"{{first.ConversationId}}"}""", handler.Requests[1].Body);
    }

    [Fact]
    public async Task Scrape_and_widget_config_use_the_configured_paths()
    {
        var handler = new RecordingHandler()
            .RespondJson("""{"url":"https://example.com/about-us","title":"About","content":"Acme Inc. provides AI."}""")
            .RespondJson("""{"widgetId":"w 1","name":"Acme Support","primaryColor":"#123456","position":"bottom-left"}""");
        var native = new ChatSupportAIClient(new HttpClient(handler), TestClients.Options(SupportBotProvider.ChatSupportAI, o =>
        {
            o.ChatSupportAIScrapePath = "v2/scrape-url";
            o.ChatSupportAIWidgetConfigPath = "widgets/{widgetId}";
        }));

        var scraped = await native.ScrapeUrlAsync("https://example.com/about-us");
        var config = await native.GetWidgetConfigAsync("w 1");

        handler.Requests[0].Uri.Should().Be(new Uri("https://supportgenie.online/api/v2/scrape-url"));
        JsonAssert.Equal("""{"url":"https://example.com/about-us"}""", handler.Requests[0].Body);
        scraped.Value.Content.Should().Be("Acme Inc. provides AI.");
        handler.Requests[1].Method.Should().Be(HttpMethod.Get);
        handler.Requests[1].Uri.AbsoluteUri.Should().Be("https://supportgenie.online/api/widgets/w%201");
        config.Value.PrimaryColor.Should().Be("#123456");
    }

    [Fact]
    public async Task Bot_profile_and_branding_come_from_the_widget_config()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.ChatSupportAI);
        const string config = """{"widgetId":"YOUR_WIDGET_ID","name":"Acme Support","welcomeMessage":"Hi!","primaryColor":"#6366f1","backgroundColor":"#ffffff","textColor":"#1f2937","logoUrl":"https://example.com/logo.png","position":"bottom-right","theme":"light","language":"en"}""";
        handler.RespondJson(config).RespondJson(config);

        var bot = await client.GetBotAsync();
        var branding = await client.GetBrandingAsync();

        handler.Requests[0].Uri.Should().Be(new Uri("https://supportgenie.online/api/widget/YOUR_WIDGET_ID/config"));
        bot.Should().BeEquivalentTo(new { Id = "YOUR_WIDGET_ID", Name = "Acme Support", WelcomeMessage = "Hi!", Language = "en", Provider = SupportBotProvider.ChatSupportAI });
        branding.Should().BeEquivalentTo(new { PrimaryColor = "#6366f1", BackgroundColor = "#ffffff", TextColor = "#1f2937", LogoUrl = "https://example.com/logo.png", Position = "bottom-right", Theme = "light" });
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/file")]
    public async Task Scrape_rejects_non_http_urls_before_sending(string url)
    {
        var handler = new RecordingHandler();
        var native = new ChatSupportAIClient(new HttpClient(handler), TestClients.Options(SupportBotProvider.ChatSupportAI));

        await native.Invoking(n => n.ScrapeUrlAsync(url)).Should().ThrowAsync<SupportBotValidationException>();
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Rate_limit_429_carries_Retry_After()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.ChatSupportAI);
        handler.Respond((HttpStatusCode)429, """{"error":"Too Many Requests"}""", configure: r => r.Headers.Add("Retry-After", "60"));

        var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotRateLimitException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.RateLimited);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        ex.IsRetryable.Should().BeTrue();
    }

    [Theory]
    [InlineData(400, """{"error":"Missing required parameters"}""", SupportBotErrorCode.InvalidRequest)]
    [InlineData(401, """{"error":"Unauthorized - Invalid or missing API key"}""", SupportBotErrorCode.Unauthorized)]
    [InlineData(404, """{"error":"Widget not found"}""", SupportBotErrorCode.NotFound)]
    [InlineData(500, """{"error":"Server error"}""", SupportBotErrorCode.ServerError)]
    public async Task Documented_error_statuses_map_to_typed_errors(int status, string body, SupportBotErrorCode code)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.ChatSupportAI);
        handler.Respond((HttpStatusCode)status, body);

        var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(code);
        ex.StatusCode.Should().Be(status);
        (ex is SupportBotAuthenticationException).Should().Be(status == 401);
    }

    [Fact]
    public async Task Missing_widget_id_is_rejected_before_sending()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.ChatSupportAI, o => o.DefaultBotId = null);

        (await client.Invoking(c => c.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotValidationException>()).Which.ParameterName.Should().Be("BotId");
        handler.Requests.Should().BeEmpty();
    }
}
