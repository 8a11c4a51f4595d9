using SupportBot.Client;
using SupportBot.Client.Providers.AgentApi;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.Contracts;

/// <summary>
/// AI Support Agent API (document 001): bearer keys with scopes, <c>POST /v1/query</c> with sources and confidence,
/// knowledge base, conversation logs, gap log, actions, usage; 429 rate limit with Retry-After vs quota.
/// </summary>
public abstract class AgentApiContract(ContractServer server) : ContractTestBase(server)
{
    private const string Key = "sk_live_your_key_here";

    protected override SupportBotProvider Provider => SupportBotProvider.AgentApi;

    private AgentApiClient Native(string key = Key) => Client(key).GetNativeClient<AgentApiClient>();

    [Fact]
    public async Task Query_returns_answer_sources_and_confidence()
    {
        Served("agentapi/query");
        var reply = await Client(Key).ChatAsync(new ChatRequest("When does my subscription renew?")
        {
            ConversationId = "conv_abc123",
            UserToken = "jwt_for_authenticated_user",
        });

        reply.ConversationId.Should().Be("conv_abc123");
        reply.Confidence.Should().BeInRange(0, 1);
        reply.MessageId.Should().NotBeNullOrEmpty();
        if (Verbatim)
        {
            reply.Text.Should().Be("Your subscription renews on the 1st of each month. You can change the date under Billing → Subscription.");
            reply.MessageId.Should().Be("msg_def456");
            reply.Confidence.Should().Be(0.92);
            reply.RequiresEscalation.Should().BeFalse();
            reply.Sources.Should().Equal(new SourceReference("doc_billing_faq", "Billing FAQ", "Subscriptions renew automatically on the 1st of each month."));
        }
    }

    [Fact]
    public async Task Low_confidence_escalates()
    {
        Served("agentapi/query-low-confidence");
        var reply = await Client(Key).ChatAsync("Can I pay with gold bars?");

        reply.RequiresEscalation.Should().BeTrue();
        reply.ConversationId.Should().NotBeNullOrEmpty();
        if (Verbatim)
        {
            reply.Confidence.Should().Be(0.18);
            reply.Sources.Should().BeEmpty();
            reply.ConversationId.Should().Be("conv_gap001");
        }
    }

    [Fact]
    public async Task Quota_warning_header_is_surfaced()
    {
        Served("agentapi/query-quota-warning");
        var reply = await Client("sk_live_quota_warning").ChatAsync("When does my subscription renew?");

        reply.QuotaWarning.Should().Be("90% of monthly query quota used");
    }

    [Fact]
    public async Task Revoked_key_is_401()
    {
        Served("agentapi/error-401-revoked-key");
        var act = () => Client("sk_live_revoked").ChatAsync("When does my subscription renew?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotAuthenticationException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.Unauthorized);
        ex.StatusCode.Should().Be(401);
    }

    [Fact]
    public async Task Rate_limit_is_429_with_retry_after()
    {
        Served("agentapi/error-429-rate-limited");
        var act = () => Client("sk_live_rate_limited").ChatAsync("When does my subscription renew?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotRateLimitException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.RateLimited);
        ex.StatusCode.Should().Be(429);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        ex.IsRetryable.Should().BeTrue();
    }

    [Fact]
    public async Task Quota_exhausted_is_429_quota_without_retry_after()
    {
        Served("agentapi/error-429-quota-exceeded");
        var act = () => Client("sk_live_quota_exhausted").ChatAsync("When does my subscription renew?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotQuotaExceededException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.QuotaExceeded);
        ex.StatusCode.Should().Be(429);
        ex.RetryAfter.Should().BeNull();
        ex.IsRetryable.Should().BeFalse();
    }

    [Fact]
    public async Task Query_only_key_is_403_on_the_knowledge_base()
    {
        Served("agentapi/error-403-insufficient-scope");
        var act = () => Native("sk_live_query_only").ListDocumentsAsync();

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotAuthenticationException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.Forbidden);
        ex.StatusCode.Should().Be(403);
    }

    [Fact]
    public async Task Knowledge_base_list_create_and_reindex()
    {
        Served("agentapi/documents-list", "agentapi/documents-create", "agentapi/documents-reindex");
        var native = Native();
        var list = await native.ListDocumentsAsync();
        var created = await native.CreateDocumentAsync(new AgentApiDocumentWrite
        {
            Title = "Refund policy",
            Content = "Refunds are available within 30 days of purchase.",
            Url = "https://example.com/help/refunds",
        });
        var reindex = await native.ReindexAsync();

        list.Value.Documents.Should().NotBeEmpty();
        list.Value.Documents.Should().OnlyContain(d => !string.IsNullOrEmpty(d.Id));
        created.StatusCode.Should().Be(202, "knowledge-base writes are queued, not rejected");
        created.Value.Status.Should().Be("queued");
        created.Value.JobId.Should().NotBeNullOrEmpty();
        reindex.StatusCode.Should().Be(202);
        reindex.Value.Status.Should().Be("queued");
        if (Verbatim)
        {
            list.Value.Documents[0].Id.Should().Be("doc_billing_faq");
            list.Value.Documents[0].Status.Should().Be("indexed");
            list.Value.NextCursor.Should().BeNull();
            created.Value.DocumentId.Should().Be("doc_refunds");
        }
    }

    [Fact]
    public async Task Unknown_document_is_404()
    {
        Served("agentapi/error-404-unknown-document");
        var act = () => Native().GetDocumentAsync("doc_unknown");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
        ex.StatusCode.Should().Be(404);
    }

    [Fact]
    public async Task Conversation_logs()
    {
        Served("agentapi/conversations-list", "agentapi/conversation");
        var client = Client(Key);
        var list = await client.GetNativeClient<AgentApiClient>().ListConversationsAsync();
        var transcript = await client.GetConversationAsync("conv_abc123");

        list.Value.Conversations.Should().Contain(c => c.Id == "conv_abc123");
        transcript.ConversationId.Should().Be("conv_abc123");
        transcript.Messages.Should().NotBeEmpty();
        transcript.Messages[0].Role.Should().Be(MessageRole.User);
        if (Verbatim)
        {
            transcript.Messages.Select(m => m.Role).Should().Equal(MessageRole.User, MessageRole.Assistant);
            transcript.Messages[0].Content.Should().Be("When does my subscription renew?");
        }
    }

    [Fact]
    public async Task Unknown_conversation_is_404()
    {
        Served("agentapi/error-404-unknown-conversation");
        var act = () => Client(Key).GetConversationAsync("conv_unknown");

        (await act.Should().ThrowExactlyAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
    }

    [Fact]
    public async Task Gap_log_and_actions()
    {
        Served("agentapi/gaps", "agentapi/actions-list");
        var native = Native();
        var gaps = await native.GetGapsAsync();
        var actions = await native.ListActionsAsync();

        gaps.StatusCode.Should().Be(200);
        actions.StatusCode.Should().Be(200);
        if (Verbatim)
        {
            gaps.Value.Gaps.Should().ContainSingle().Which.Should().Be(
                new AgentApiGap("Can I pay with gold bars?", "conv_gap001", new DateTimeOffset(2025, 1, 16, 8, 12, 0, TimeSpan.Zero), 0.18));
            actions.Value.Actions.Select(a => a.Name).Should().Equal("shopify.order_status", "calendly.book_meeting");
        }
    }

    [Fact]
    public async Task Usage_is_the_account()
    {
        Served("agentapi/usage");
        var account = await Client(Key).GetAccountAsync();

        account.MessagesLimit.Should().BePositive();
        account.MessagesUsed.Should().NotBeNull();
        if (Verbatim)
        {
            account.Plan.Should().Be("growth");
            account.MessagesUsed.Should().Be(1250);
            account.MessagesLimit.Should().Be(10000);
            account.PeriodStart.Should().Be(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task Documented_400_cause_is_rejected_before_sending()
    {
        var act = () => Client(Key).ChatAsync(new ChatRequest("") { ConversationId = "conv_abc123" });
        await act.Should().ThrowExactlyAsync<SupportBotValidationException>();
    }
}
