using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Benchmarks.Servers;

/// <summary>The seeds of the server comparison: a 3-document knowledge base, or the 24-article demo; quotas off.</summary>
public static class BenchSeeds
{
    public const string AssistantId = "clz1abc...";
    public const string ApiKey = "ask_your_api_key";
    public const string Path = "/aisupportbot/api/chat";
    public const string Body = """{"assistantId":"clz1abc...","message":"How do I reset my password?"}""";

    /// <summary>Three documents; the question is answered by retrieval from the first.</summary>
    public static MockSeed ThreeDocuments() => MockSeed.Empty
        .AddKnowledgeBase(
            "kb",
            new MockDocument("doc_reset", "Resetting your password", "To reset your password, click \"Forgot password?\" on the sign-in page and enter your email. The reset link arrives within a minute."),
            new MockDocument("doc_hours", "Business hours", "Our business hours are Monday-Friday, 9 AM to 5 PM EST. We answer emails within one business day."),
            new MockDocument("doc_refunds", "Refund policy", "We offer a full refund within 14 days of your first payment. Contact support with the email address of your account."))
        .AddAccount(new MockAccount { Id = "acc", Provider = SupportBotProvider.AISupportBot, QuotaLimit = null })
        .AddBot(new MockBot { Id = AssistantId, Provider = SupportBotProvider.AISupportBot, AccountId = "acc", KnowledgeBaseId = "kb" })
        .AddKey(SupportBotProvider.AISupportBot, ApiKey, botId: AssistantId);

    /// <summary>The demo seed (24 articles) with every quota lifted.</summary>
    public static MockSeed Demo()
    {
        var seed = MockSeed.Demo;
        foreach (var account in seed.Accounts)
        {
            account.QuotaLimit = null;
        }

        return seed;
    }
}
