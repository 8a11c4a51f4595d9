using SupportBot.Client;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.Contracts;

/// <summary>AskIA (document 003, French): no auth today, <c>POST /api/widget/chat</c>, bot profile and branding, 429 = hourly rate limit.</summary>
public abstract class AskIaContract(ContractServer server) : ContractTestBase(server)
{
    private const string Bot = "YOUR_BOT_ID";

    protected override SupportBotProvider Provider => SupportBotProvider.AskIA;

    [Fact]
    public async Task Chat_without_a_key_returns_the_conversation_id()
    {
        Served("askia/chat");
        var reply = await Client(apiKey: null, Bot).ChatAsync("What are your pricing plans?", "optional-conversation-id");

        reply.ConversationId.Should().NotBeNullOrEmpty();
        reply.MessageId.Should().NotBeNullOrEmpty();
        reply.Text.Should().NotBeNullOrEmpty();
        if (Verbatim)
        {
            reply.Text.Should().Be("We offer three pricing plans: Free, Pro ($29/month), and Enterprise (custom pricing)...");
            reply.ConversationId.Should().Be("conv_abc123");
            reply.MessageId.Should().Be("msg_xyz789");
            reply.RequiresEscalation.Should().BeFalse();
        }
    }

    [Fact]
    public async Task A_bearer_jwt_is_accepted_and_ignored()
    {
        Served("askia/chat");
        var reply = await Client("eyJhbGciOiJIUzI1NiJ9.e30.signature", Bot).ChatAsync("What are your pricing plans?");

        reply.ConversationId.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Bot_profile()
    {
        Served("askia/bot");
        var bot = await Client(null, Bot).GetBotAsync();

        bot.Name.Should().Be("Customer Support Assistant");
        bot.Category.Should().Be("support");
        bot.Language.Should().Be("en");
        if (Verbatim)
        {
            bot.Id.Should().Be("bot_abc123");
            bot.Description.Should().Be("Helps customers with product questions");
            bot.CreatedAt.Should().Be(new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task Bot_branding()
    {
        Served("askia/branding");
        var branding = await Client(null, Bot).GetBrandingAsync();

        branding.Should().BeEquivalentTo(new
        {
            PrimaryColor = "#6366f1", BackgroundColor = "#ffffff", TextColor = "#1f2937", LogoUrl = "https://example.com/logo.png",
            Position = "bottom-right", Theme = "light", Provider = SupportBotProvider.AskIA,
        });
    }

    [Fact]
    public async Task Unknown_bot_is_404()
    {
        Served("askia/error-404-unknown-bot-chat", "askia/error-404-unknown-bot");
        var client = Client(null, "unknown_bot");
        var chat = () => client.ChatAsync("What are your pricing plans?");
        var profile = () => client.GetBotAsync();

        var ex = (await chat.Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
        ex.StatusCode.Should().Be(404);
        ex.Details.Should().Be("Bot introuvable");
        (await profile.Should().ThrowExactlyAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
    }

    [Fact]
    public async Task Rate_limit_is_429_with_retry_after()
    {
        Served("askia/error-429-rate-limited");
        var act = () => Client(null, "rate_limited_bot").ChatAsync("What are your pricing plans?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotRateLimitException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.RateLimited);
        ex.StatusCode.Should().Be(429);
        ex.RetryAfter.Should().Be(TimeSpan.FromHours(1));
        ex.Details.Should().Be("Limite de débit dépassée");
    }

    [Fact]
    public async Task Server_error_is_500()
    {
        Served("askia/error-500-server-error");
        var act = () => Client(null, "server_error_bot").ChatAsync("What are your pricing plans?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServerError);
        ex.StatusCode.Should().Be(500);
        ex.Details.Should().Be("Erreur serveur");
    }

    [Fact]
    public async Task Documented_400_causes_are_rejected_before_sending()
    {
        var noBot = () => Client(null).ChatAsync("What are your pricing plans?");
        await noBot.Should().ThrowExactlyAsync<SupportBotValidationException>();

        var noMessage = () => Client(null, Bot).ChatAsync("   ");
        await noMessage.Should().ThrowExactlyAsync<SupportBotValidationException>();
    }
}
