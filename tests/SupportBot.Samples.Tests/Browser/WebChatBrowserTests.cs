using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.Samples.Tests.Browser;

/// <summary>
/// The chat page in headless Chromium, driven by Microsoft.Playwright: ask, see the answer and its source, ask off-topic,
/// see the hand-over notice; a screenshot of the page after the escalation is kept as a test artifact.
/// </summary>
public sealed class WebChatBrowserTests(WebChatHost host, ITestOutputHelper output) : IClassFixture<WebChatHost>
{
    private const int Width = 900;
    private const int Height = 760;

    /// <summary>Generous on a loaded 2-core machine; Playwright's own default for assertions is 5 s.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 30_000 };

    /// <summary>Where the screenshot after the escalation is written: the test output folder, kept after the run.</summary>
    public static string ScreenshotPath => Path.Combine(AppContext.BaseDirectory, "artifacts", "webchat-escalation.png");

    [Fact]
    public async Task Chat_page_shows_answer_with_source_then_escalation_notice()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = Width, Height = Height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var pageErrors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => pageErrors.Enqueue(error);
        var failedResponses = new ConcurrentQueue<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failedResponses.Enqueue($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                pageErrors.Enqueue($"{message.Text} ({message.Location})");
            }
        };

        var loaded = await page.GotoAsync(host.BaseAddress.ToString(), new() { WaitUntil = WaitUntilState.Load });
        loaded.Should().NotBeNull();
        loaded!.Ok.Should().BeTrue($"the page is served ({loaded.Status})");
        await Expect(page.Locator("#messages")).ToHaveAttributeAsync("aria-live", "polite");
        (await page.Locator("label[for=message]").CountAsync()).Should().Be(1, "the input has a label");
        var input = page.GetByLabel("Your message");
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });

        // First question: answered from the knowledge base, with its source.
        await input.FillAsync("How do I reset my password?");
        await send.ClickAsync();
        await Expect(page.Locator(".message.answer .sources li")).ToHaveTextAsync("Resetting your password", Patient);
        (await page.Locator(".message.answer .text").TextContentAsync()).Should().StartWith("To reset your password, click");
        (await page.Locator(".message.user .text").TextContentAsync()).Should().Be("How do I reset my password?");
        (await page.Locator("#message").InputValueAsync()).Should().BeEmpty();

        // Second question, same conversation: off topic, so the page hands over to a human.
        await input.FillAsync("Do you sell pizza in Tokyo?");
        await send.ClickAsync();
        await Expect(page.Locator(".message.escalation")).ToHaveTextAsync("Connecting you to a human…", Patient);
        (await page.Locator(".message.answer").CountAsync()).Should().Be(1, "an escalated reply's text is not shown as an answer");
        (await page.EvaluateAsync<bool>("document.querySelector('#error').hidden")).Should().BeTrue();

        // Both turns went to the provider in one conversation.
        var queries = host.Mock.Journal.For(SupportBot.Client.SupportBotProvider.AgentApi).Where(r => r.RelativePath.Contains("v1/query", StringComparison.Ordinal)).ToList();
        queries.Should().HaveCount(2);
        queries[1].Body.Should().Contain("conversation_id");

        // The page after the escalation, kept as a test artifact.
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        File.Delete(ScreenshotPath);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath });
        output.WriteLine($"Screenshot: {ScreenshotPath}");
        AssertPng(ScreenshotPath, Width, Height);

        // The page never saw the key, and ran without script errors.
        (await page.ContentAsync()).Should().NotContain(host.ApiKey);
        failedResponses.Should().BeEmpty("every request of the page succeeds (no missing favicon, script or style)");
        pageErrors.Should().BeEmpty();
    }

    /// <summary>A PNG file (signature, IHDR first) of the viewport's size, with more in it than a blank image.</summary>
    private static void AssertPng(string path, int width, int height)
    {
        File.Exists(path).Should().BeTrue($"the screenshot should have been written to {path}");
        var bytes = File.ReadAllBytes(path);
        bytes.Length.Should().BeGreaterThan(5_000, "a rendered chat page is more than a blank image");
        bytes.AsSpan(0, 8).ToArray().Should().Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "the file is a PNG");
        System.Text.Encoding.ASCII.GetString(bytes, 12, 4).Should().Be("IHDR");
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)).Should().Be(width);
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)).Should().Be(height);
    }
}
