using Xunit.Abstractions;

namespace SupportBot.Samples.Tests.Browser;

/// <summary>The chat page in headless Chromium: ask, see the answer and its source, ask off-topic, see the hand-over notice.</summary>
public sealed class WebChatBrowserTests(WebChatHost host, ITestOutputHelper output) : IClassFixture<WebChatHost>
{
    [Fact]
    public async Task Chat_page_shows_answer_with_source_then_escalation_notice()
    {
        await using var browser = await Chromium.LaunchAsync();

        await browser.NavigateAsync(host.BaseAddress);
        await browser.WaitForAsync("document.querySelector('#message') !== null && document.querySelector('#send') !== null", "the chat form");
        (await browser.EvaluateAsync("document.querySelector('#messages').getAttribute('aria-live')"))!.GetValue<string>().Should().Be("polite");
        (await browser.EvaluateAsync("document.querySelector('label[for=message]') !== null"))!.GetValue<bool>().Should().BeTrue();

        // First question: answered from the knowledge base, with its source.
        await browser.TypeAsync("#message", "How do I reset my password?");
        await browser.ClickAsync("#send");
        var answer = (await browser.WaitForAsync(
            "(() => { const a = document.querySelector('.message.answer'); return a && a.querySelector('.sources li') ? a.querySelector('.text').textContent : ''; })()",
            "the answer with its source"))!.GetValue<string>();
        answer.Should().StartWith("To reset your password, click");
        (await browser.EvaluateAsync("document.querySelector('.message.answer .sources li').textContent"))!.GetValue<string>().Should().Be("Resetting your password");
        (await browser.EvaluateAsync("document.querySelector('.message.user .text').textContent"))!.GetValue<string>().Should().Be("How do I reset my password?");
        (await browser.EvaluateAsync("document.querySelector('#message').value"))!.GetValue<string>().Should().BeEmpty();

        // Second question, same conversation: off topic, so the page hands over to a human.
        await browser.TypeAsync("#message", "Do you sell pizza in Tokyo?");
        await browser.ClickAsync("#send");
        var notice = (await browser.WaitForAsync(
            "(() => { const n = document.querySelector('.message.escalation'); return n ? n.textContent : ''; })()",
            "the escalation notice"))!.GetValue<string>();
        notice.Should().Be("Connecting you to a human…");
        (await browser.EvaluateAsync("document.querySelectorAll('.message.answer').length"))!.GetValue<int>().Should().Be(1, "an escalated reply's text is not shown as an answer");
        (await browser.EvaluateAsync("document.querySelector('#error').hidden"))!.GetValue<bool>().Should().BeTrue();

        // Both turns went to the provider in one conversation.
        var queries = host.Mock.Journal.For(SupportBot.Client.SupportBotProvider.AgentApi).Where(r => r.RelativePath.Contains("v1/query", StringComparison.Ordinal)).ToList();
        queries.Should().HaveCount(2);
        queries[1].Body.Should().Contain("conversation_id");

        var screenshot = Path.Combine(Path.GetTempPath(), $"supportbot-webchat-{Guid.NewGuid():N}.png");
        await browser.ScreenshotAsync(screenshot);
        output.WriteLine($"Screenshot: {screenshot}");
        new FileInfo(screenshot).Length.Should().BeGreaterThan(1000);

        // The page never saw the key, and ran without script errors.
        (await browser.EvaluateAsync("document.documentElement.outerHTML"))!.GetValue<string>().Should().NotContain(host.ApiKey);
        browser.PageErrors.Should().BeEmpty();
    }
}
