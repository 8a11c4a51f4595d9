using SupportBot.Cli.Eval;
using SupportBot.Client;

namespace SupportBot.Cli.Tests;

public class EvalScoringTests
{
    private static readonly TimeSpan Ms10 = TimeSpan.FromMilliseconds(10);

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 50, 5)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 90, 9)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 95, 10)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 99, 10)]
    [InlineData(new double[] { 10, 1, 7, 3 }, 50, 3)]
    [InlineData(new double[] { 10, 1, 7, 3 }, 75, 7)]
    [InlineData(new double[] { 10, 1, 7, 3 }, 76, 10)]
    [InlineData(new double[] { 42 }, 99, 42)]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 30, 20)]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 40, 20)]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 100, 50)]
    public void Percentile_is_nearest_rank(double[] values, double percentile, double expected) =>
        EvalScoring.Percentile(values, percentile).Should().Be(expected);

    [Fact]
    public void Percentile_of_nothing_is_null() => EvalScoring.Percentile([], 50).Should().BeNull();

    [Fact]
    public void Answer_passes_when_every_keyword_appears_case_insensitively()
    {
        var c = new EvalCase(1, "q", ["forgot PASSWORD", "email"], false);
        var result = EvalScoring.Score(c, SupportBotModelFactory.ChatReply("Click Forgot password and enter your Email."), Ms10);
        result.Passed.Should().BeTrue();
        result.Outcome.Should().Be(EvalOutcome.Answered);
        result.MissingKeywords.Should().BeEmpty();
    }

    [Fact]
    public void Answer_fails_with_the_missing_keywords()
    {
        var c = new EvalCase(1, "q", ["refund", "14 days"], false);
        var result = EvalScoring.Score(c, SupportBotModelFactory.ChatReply("We offer refunds within 30 days."), Ms10);
        result.Passed.Should().BeFalse();
        result.MissingKeywords.Should().Equal("14 days");
    }

    [Fact]
    public void Escalation_passes_only_when_expected()
    {
        var escalated = SupportBotModelFactory.ChatReply("", requiresEscalation: true);
        EvalScoring.Score(new EvalCase(1, "q", [], true), escalated, Ms10).Passed.Should().BeTrue();
        EvalScoring.Score(new EvalCase(1, "q", [], false), escalated, Ms10).Should()
            .Match<EvalResult>(r => !r.Passed && r.Outcome == EvalOutcome.Escalated);
        EvalScoring.Score(new EvalCase(1, "q", [], true), SupportBotModelFactory.ChatReply("an answer"), Ms10).Passed.Should().BeFalse();
    }

    [Fact]
    public void Summary_counts_outcomes_failures_by_code_pass_rate_and_threshold()
    {
        var answered = EvalScoring.Score(new EvalCase(1, "a", [], false), SupportBotModelFactory.ChatReply("x"), TimeSpan.FromMilliseconds(10));
        var escalated = EvalScoring.Score(new EvalCase(2, "b", [], true), SupportBotModelFactory.ChatReply("", requiresEscalation: true), TimeSpan.FromMilliseconds(30));
        var missed = EvalScoring.Score(new EvalCase(3, "c", ["nope"], false), SupportBotModelFactory.ChatReply("x"), TimeSpan.FromMilliseconds(20));
        var rateLimited = EvalScoring.Failure(new EvalCase(4, "d", [], false), new SupportBotRateLimitException("slow down"), TimeSpan.FromMilliseconds(1));
        var quota1 = EvalScoring.Failure(new EvalCase(5, "e", [], false), new SupportBotQuotaExceededException("quota"), null);
        var quota2 = EvalScoring.Failure(new EvalCase(6, "f", [], false), new SupportBotQuotaExceededException("quota"), null);

        var summary = EvalScoring.Summarize(SupportBotProvider.AgentApi, [answered, escalated, missed, rateLimited, quota1, quota2], minPass: 50);

        summary.Should().BeEquivalentTo(new
        {
            Total = 6, Answered = 2, Escalated = 1, Failed = 3, Passed = 2, MinPass = 50.0, MeetsThreshold = false,
            LatencyP50Ms = 20.0, LatencyP95Ms = 30.0, LatencyP99Ms = 30.0,
        });
        summary.PassRate.Should().BeApproximately(33.33, 0.01);
        summary.FailedByCode.Should().Equal(new Dictionary<string, int> { ["QuotaExceeded"] = 2, ["RateLimited"] = 1 });
        rateLimited.ErrorExitCode.Should().Be(4);
    }

    [Fact]
    public void Without_min_pass_the_threshold_is_met()
    {
        var failed = EvalScoring.Failure(new EvalCase(1, "a", [], false), new SupportBotException("boom"), null);
        EvalScoring.Summarize(SupportBotProvider.Asyntai, [failed], null).MeetsThreshold.Should().BeTrue();
    }
}
