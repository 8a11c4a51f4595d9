using SupportBot.Client;

namespace SupportBot.Cli.Tests;

public class ExitCodeTests
{
    public static TheoryData<Exception, int> Cases => new()
    {
        { new CliUsageException("bad"), 2 },
        { new SupportBotValidationException("Message: blank", "Message"), 2 },
        { new SupportBotNotSupportedException(SupportBotProvider.AskIA, "GetWebsites"), 2 },
        { new SupportBotAuthenticationException("401"), 3 },
        { new SupportBotAuthenticationException("403", SupportBotErrorCode.Forbidden), 3 },
        { new SupportBotQuotaExceededException("quota"), 4 },
        { new SupportBotRateLimitException("rate"), 4 },
        { new SupportBotException("500", SupportBotErrorCode.ServerError), 5 },
        { new SupportBotException("timeout", SupportBotErrorCode.Timeout), 5 },
        { new SupportBotException("not found", SupportBotErrorCode.NotFound), 5 },
        { new HttpRequestException("refused"), 5 },
        { new OperationCanceledException(), 130 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exceptions_map_to_documented_exit_codes(Exception exception, int exitCode) =>
        CliErrors.ExitCodeFor(exception).Should().Be(exitCode);

    [Fact]
    public void One_line_flattens_multi_line_messages_and_adds_retry_after()
    {
        CliErrors.OneLine(new SupportBotException("first\n  second\r\nthird")).Should().Be("first second third");
        CliErrors.OneLine(new SupportBotRateLimitException("AskIA Chat failed with HTTP 429 (rate limited)") { RetryAfter = TimeSpan.FromSeconds(30) })
            .Should().Be("AskIA Chat failed with HTTP 429 (rate limited) (retry after 30 s)");
    }
}
