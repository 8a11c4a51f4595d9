using SupportBot.Client;
using SupportBot.Client.Providers.ChatSupportAI;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.Contracts;

/// <summary>ChatSupport AI (document 002): <c>POST /api/widget/chat</c> with context rules, Bearer auth; scrape and widget config are ours.</summary>
public abstract class ChatSupportAIContract(ContractServer server) : ContractTestBase(server)
{
    private const string Key = "YOUR_API_KEY";
    private const string Widget = "YOUR_WIDGET_ID";
    private const string Hours = "Our business hours are 9am-5pm EST, Monday through Friday.";

    protected override SupportBotProvider Provider => SupportBotProvider.ChatSupportAI;

    [Fact]
    public async Task Chat_with_company_rules_and_scraped_data()
    {
        Served("chatsupportai/chat-with-context");
        var request = new ChatRequest("What are your business hours?")
        {
            ConversationId = "user_session_123",
            Rules = new CompanyRules
            {
                CompanyName = "Acme Inc.",
                CompanyDescription = "A software company specializing in AI tools.",
                Policies = [new CompanyPolicy("Business Hours", Hours)],
                Tone = "friendly",
            },
            ScrapedData = "Acme Inc. provides cutting-edge AI solutions for businesses.",
        };
        var reply = await Client(Key, Widget).ChatAsync(request);

        reply.ConversationId.Should().Be("user_session_123", "ChatSupport AI returns no session id: the SDK's sessionId is the conversation id");
        reply.MessageId.Should().NotBeNullOrEmpty();
        reply.Timestamp.Should().NotBeNull();
        if (Verbatim)
        {
            reply.Text.Should().Be(Hours);
            reply.MessageId.Should().Be("resp_1680123456789");
            reply.Timestamp.Should().Be(new DateTimeOffset(2023, 3, 29, 14, 30, 0, TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task Chat_minimal_request()
    {
        Served("chatsupportai/chat");
        var reply = await Client(Key, Widget).ChatAsync("What are your business hours?", "user_session_123");

        reply.ConversationId.Should().Be("user_session_123");
        reply.RequiresEscalation.Should().BeFalse();
        if (Verbatim)
        {
            reply.Text.Should().Be(Hours);
        }
    }

    [Fact]
    public async Task Scrape_url()
    {
        Served("chatsupportai/scrape");
        var response = await Client(Key, Widget).GetNativeClient<ChatSupportAIClient>().ScrapeUrlAsync("https://example.com/about-us");

        response.Value.Url.Should().Be("https://example.com/about-us");
        response.Value.Content.Should().NotBeNullOrEmpty();
        if (Verbatim)
        {
            response.Value.Title.Should().Be("About Us - Acme Inc.");
            response.Value.Content.Should().Be("Acme Inc. provides cutting-edge AI solutions for businesses.");
        }
    }

    [Fact]
    public async Task Widget_config_is_the_bot_profile_and_branding()
    {
        Served("chatsupportai/widget-config", "chatsupportai/widget-config");
        var client = Client(Key, Widget);
        var bot = await client.GetBotAsync();
        var branding = await client.GetBrandingAsync();

        bot.Id.Should().Be(Widget);
        bot.Name.Should().NotBeNullOrEmpty();
        if (Verbatim)
        {
            bot.Name.Should().Be("Acme Inc. Support");
            bot.WelcomeMessage.Should().Be("Hi! How can we help you today?");
            bot.Language.Should().Be("en");
            branding.Should().BeEquivalentTo(new
            {
                PrimaryColor = "#6366f1", BackgroundColor = "#ffffff", TextColor = "#1f2937", LogoUrl = "https://example.com/logo.png",
                Position = "bottom-right", Theme = "light",
            });
        }
    }

    [Fact]
    public async Task Invalid_key_is_401()
    {
        Served("chatsupportai/error-401-invalid-key");
        var act = () => Client("chatsupport_invalid_key", Widget).ChatAsync("What are your business hours?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotAuthenticationException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.Unauthorized);
        ex.StatusCode.Should().Be(401);
        ex.Details.Should().Be("Unauthorized - Invalid or missing API key");
    }

    [Fact]
    public async Task Unknown_widget_is_404_on_chat_and_config()
    {
        Served("chatsupportai/error-404-unknown-widget-chat", "chatsupportai/error-404-unknown-widget-config");
        var client = Client(Key, "unknown_widget");
        var chat = () => client.ChatAsync("What are your business hours?");
        var config = () => client.GetBotAsync();

        var ex = (await chat.Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
        ex.Details.Should().Be("Widget not found");
        (await config.Should().ThrowExactlyAsync<SupportBotException>()).Which.StatusCode.Should().Be(404);
    }

    [Fact]
    public async Task Rate_limit_is_429_with_retry_after()
    {
        Served("chatsupportai/error-429-rate-limited");
        var act = () => Client("chatsupport_rate_limited_key", Widget).ChatAsync("What are your business hours?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotRateLimitException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.RateLimited);
        ex.StatusCode.Should().Be(429);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        ex.IsRetryable.Should().BeTrue();
        ex.Details.Should().Be("Too Many Requests");
    }

    [Fact]
    public async Task Server_error_is_500()
    {
        Served("chatsupportai/error-500-server-error");
        var act = () => Client(Key, "server_error_widget").ChatAsync("What are your business hours?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServerError);
        ex.StatusCode.Should().Be(500);
        ex.Details.Should().Be("Server error");
    }

    [Fact]
    public async Task Documented_400_causes_are_rejected_before_sending()
    {
        var noWidget = () => Client(Key).ChatAsync("What are your business hours?");
        await noWidget.Should().ThrowExactlyAsync<SupportBotValidationException>();

        var noMessage = () => Client(Key, Widget).ChatAsync("");
        await noMessage.Should().ThrowExactlyAsync<SupportBotValidationException>();
    }
}
