using SupportBot.Client;
using SupportBot.Client.Testing;

namespace SupportBot.Contract.Tests.Consumer;

// The consumer's xunit contract test of docs/testing.md, verbatim (plain xunit asserts), so the documented sample compiles and passes.

public sealed class AsyntaiContractTests : IDisposable
{
    private readonly SupportBotWireMock _wireMock = SupportBotWireMock.Start(SupportBotProvider.Asyntai);

    [Fact]
    public async Task Chat_sends_the_documented_request_and_reads_the_documented_reply()
    {
        using var client = _wireMock.CreateClient(SupportBotProvider.Asyntai);   // example key YOUR_API_KEY, retries off

        var reply = await client.ChatAsync("What are your business hours?", "user_123");

        Assert.Equal("Our business hours are Monday-Friday, 9 AM to 5 PM EST.", reply.Text);
        Assert.Equal(["asyntai/chat"], _wireMock.MatchedMappingNames);   // served by the documented mapping
        Assert.Empty(_wireMock.UnmatchedRequests);                          // nothing the document does not describe
    }

    [Fact]
    public async Task Quota_exhausted_is_not_retried()
    {
        using var client = _wireMock.CreateClient(SupportBotProvider.Asyntai, o => o.ApiKey = "asyntai_quota_exhausted_key");

        await Assert.ThrowsAsync<SupportBotQuotaExceededException>(() => client.ChatAsync("Hi", "user_123"));
        Assert.Equal(["asyntai/error-429-message-limit"], _wireMock.MatchedMappingNames);
    }

    public void Dispose() => _wireMock.Dispose();
}
