using SupportBot.Client;
using SupportBot.Client.Providers.Asyntai;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.Contracts;

/// <summary>Asyntai (document 004): envelope <c>{success, …}</c>, Bearer or <c>X-API-Key</c>, 429 = monthly message limit, 503 = AI off.</summary>
public abstract class AsyntaiContract(ContractServer server) : ContractTestBase(server)
{
    private const string Key = "YOUR_API_KEY";
    private const string Hours = "Our business hours are Monday-Friday, 9 AM to 5 PM EST.";

    protected override SupportBotProvider Provider => SupportBotProvider.Asyntai;

    [Fact]
    public async Task Chat_with_bearer_key_keeps_the_session()
    {
        Served("asyntai/chat");
        var reply = await Client(Key).ChatAsync("What are your business hours?", "user_123");

        reply.ConversationId.Should().Be("user_123");
        reply.RequiresEscalation.Should().BeFalse();
        reply.Usage.Should().BeNull();
        if (Verbatim)
        {
            reply.Text.Should().Be(Hours);
        }
    }

    [Fact]
    public async Task Chat_with_x_api_key_header()
    {
        Served("asyntai/chat-x-api-key");
        var reply = await Client(Key, configure: o => o.AuthHeader = SupportBotAuthHeader.XApiKey).ChatAsync("What are your business hours?", "user_123");

        reply.ConversationId.Should().Be("user_123");
        if (Verbatim)
        {
            reply.Text.Should().Be(Hours);
        }
    }

    [Fact]
    public async Task X_api_key_header_works_for_every_read()
    {
        // The document: either header works for all requests.
        Served("asyntai/websites-x-api-key", "asyntai/conversations-x-api-key", "asyntai/account-x-api-key");
        var client = Client(Key, configure: o => o.AuthHeader = SupportBotAuthHeader.XApiKey);

        (await client.GetWebsitesAsync()).Should().NotBeEmpty();
        (await client.GetConversationAsync("user_123", limit: 20)).ConversationId.Should().Be("user_123");
        (await client.GetAccountAsync()).Should().NotBeNull();
    }

    [Fact]
    public async Task Website_id_is_sent_as_an_integer()
    {
        Served("asyntai/chat-website-id");
        var reply = await Client(Key, defaultBotId: "1").ChatAsync("What are your business hours?", "user_123");

        reply.ConversationId.Should().Be("user_123");
    }

    [Fact]
    public async Task Websites_are_listed()
    {
        Served("asyntai/websites");
        var websites = await Client(Key).GetWebsitesAsync();

        websites.Should().ContainEquivalentOf(new Website("1", "My Website", "example.com", true), o => o.Excluding(w => w.RawJson));
        if (Verbatim)
        {
            websites.Should().HaveCount(1);
        }
    }

    [Fact]
    public async Task Conversation_history_is_read_with_session_id_and_limit()
    {
        Served("asyntai/conversations");
        var transcript = await Client(Key).GetConversationAsync("user_123", limit: 20);

        transcript.ConversationId.Should().Be("user_123");
        transcript.Messages.Take(2).Select(m => m.Role).Should().Equal(MessageRole.User, MessageRole.Assistant);
        transcript.Messages[0].Content.Should().Be("What are your business hours?");
        transcript.Messages[1].Content.Should().Be(Hours);
        if (Verbatim)
        {
            transcript.Messages.Should().HaveCount(2);
            transcript.Messages[0].Timestamp.Should().Be(DateTimeOffset.Parse("2024-01-15T10:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Account_usage_is_read()
    {
        Served("asyntai/account");
        var account = await Client(Key).GetAccountAsync();

        account.Email.Should().Be("you@example.com");
        account.Plan.Should().Be("starter");
        account.MessagesLimit.Should().Be(2500);
        if (Verbatim)
        {
            account.MessagesUsed.Should().Be(150);
            account.MessagesRemaining.Should().Be(2350);
        }
    }

    [Fact]
    public async Task Native_client_reads_the_envelope()
    {
        Served("asyntai/account");
        var native = Client(Key).GetNativeClient<AsyntaiClient>();
        var response = await native.GetAccountAsync();

        response.StatusCode.Should().Be(200);
        response.Value.Success.Should().BeTrue();
        response.Value.Account!.Email.Should().Be("you@example.com");
    }

    [Fact]
    public async Task Invalid_key_is_401()
    {
        Served("asyntai/error-401-invalid-key");
        var act = () => Client("asyntai_invalid_key").ChatAsync("What are your business hours?", "user_123");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotAuthenticationException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.Unauthorized);
        ex.StatusCode.Should().Be(401);
        ex.Details.Should().Be("Invalid or missing API key");
    }

    [Fact]
    public async Task Message_limit_reached_is_a_quota_error()
    {
        Served("asyntai/error-429-message-limit");
        var act = () => Client("asyntai_quota_exhausted_key").ChatAsync("What are your business hours?", "user_123");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotQuotaExceededException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.QuotaExceeded);
        ex.StatusCode.Should().Be(429);
        ex.RetryAfter.Should().BeNull();
        ex.IsRetryable.Should().BeFalse();
        ex.Details.Should().Be("Message limit reached for your plan");
    }

    [Fact]
    public async Task Ai_unavailable_is_503()
    {
        Served("asyntai/error-503-ai-unavailable");
        var act = () => Client(Key, defaultBotId: "99").ChatAsync("What are your business hours?", "user_123");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);
        ex.StatusCode.Should().Be(503);
        ex.IsRetryable.Should().BeTrue();
        ex.Details.Should().Be("AI service temporarily unavailable");
    }

    [Fact]
    public async Task Documented_400_causes_are_rejected_before_sending()
    {
        var limit = () => Client(Key).GetConversationAsync("user_123", limit: 500);
        (await limit.Should().ThrowExactlyAsync<SupportBotValidationException>()).Which.ParameterName.Should().Be("limit");

        var blank = () => Client(Key).ChatAsync(" ");
        await blank.Should().ThrowExactlyAsync<SupportBotValidationException>();

        FluentActions.Invoking(() => Client(Key, defaultBotId: "my-site")).Should().ThrowExactly<SupportBotValidationException>();
    }
}
