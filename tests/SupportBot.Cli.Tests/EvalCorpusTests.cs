using SupportBot.Cli.Eval;

namespace SupportBot.Cli.Tests;

public class EvalCorpusTests
{
    [Fact]
    public void Csv_reads_questions_keywords_and_escalation()
    {
        var cases = EvalCorpus.ParseCsv(
            "question,expected_keywords,expect_escalation\n" +
            "How do I reset my password?,Forgot password; email ,false\n" +
            "\"Quoted, with comma and \"\"quotes\"\"\",,TRUE\r\n" +
            "\n" +
            "No other columns\n");

        cases.Should().HaveCount(3);
        cases[0].Should().BeEquivalentTo(new EvalCase(1, "How do I reset my password?", ["Forgot password", "email"], false));
        cases[1].Question.Should().Be("Quoted, with comma and \"quotes\"");
        cases[1].ExpectedKeywords.Should().BeEmpty();
        cases[1].ExpectEscalation.Should().BeTrue();
        cases[2].Should().BeEquivalentTo(new EvalCase(3, "No other columns", [], false));
    }

    [Fact]
    public void Csv_header_is_case_and_separator_insensitive_and_only_question_is_required()
    {
        var cases = EvalCorpus.ParseCsv("\uFEFFExpectEscalation,Question\nyes,Talk to a human\n");
        cases.Should().ContainSingle().Which.Should().BeEquivalentTo(new EvalCase(1, "Talk to a human", [], true));
    }

    [Theory]
    [InlineData("q,expected_keywords\nhello,x\n", "'question' column")]
    [InlineData("question,expect_escalation\nhello,maybe\n", "is not true/false")]
    [InlineData("question\n\"unterminated\n", "not closed")]
    [InlineData("question\n", "no questions")]
    [InlineData("question,expected_keywords\n ,x\n", "question is empty")]
    public void Bad_csv_is_a_usage_error(string csv, string message)
    {
        var act = () => EvalCorpus.ParseCsv(csv);
        act.Should().Throw<CliUsageException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Jsonl_reads_camel_and_snake_case()
    {
        var cases = EvalCorpus.ParseJsonLines(
            """
            {"question":"What are your business hours?","expectedKeywords":["9 AM","EST"]}

            {"question":"Weather?","expectEscalation":true}
            {"question":"Refunds?","expected_keywords":"14 days;refund","expect_escalation":"false"}
            """);

        cases.Should().HaveCount(3);
        cases[0].Should().BeEquivalentTo(new EvalCase(1, "What are your business hours?", ["9 AM", "EST"], false));
        cases[1].Should().BeEquivalentTo(new EvalCase(2, "Weather?", [], true));
        cases[2].Should().BeEquivalentTo(new EvalCase(3, "Refunds?", ["14 days", "refund"], false));
    }

    [Theory]
    [InlineData("{\"expectedKeywords\":[]}", "missing \"question\"")]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    public void Bad_jsonl_is_a_usage_error(string line, string message)
    {
        var act = () => EvalCorpus.ParseJsonLines(line);
        act.Should().Throw<CliUsageException>().WithMessage($"*line 1*{message}*");
    }

    [Fact]
    public void Load_rejects_unknown_extensions_and_missing_files()
    {
        var path = Path.Combine(Path.GetTempPath(), $"corpus-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "question\nhi\n");
        try
        {
            FluentActions.Invoking(() => EvalCorpus.Load(path)).Should().Throw<CliUsageException>().WithMessage("*.csv or .jsonl*");
        }
        finally
        {
            File.Delete(path);
        }

        FluentActions.Invoking(() => EvalCorpus.Load(path + ".csv")).Should().Throw<CliUsageException>().WithMessage("*not found*");
    }

    [Fact]
    public void The_committed_sample_corpus_parses()
    {
        var cases = EvalCorpus.Load(Infrastructure.CliRun.SampleCorpus);
        cases.Should().HaveCount(13);
        cases.Count(c => c.ExpectEscalation).Should().Be(2);
        cases.Should().OnlyContain(c => c.ExpectEscalation || c.ExpectedKeywords.Count > 0);
    }

    [Fact]
    public void Csv_writer_round_trips_through_the_reader()
    {
        string[] values = ["plain", "with, comma", "with \"quotes\"", "two\nlines", " padded ", ""];
        var line = string.Join(',', values.Select(Csv.Escape));
        Csv.Parse(line + "\n").Should().ContainSingle().Which.Should().Equal(values);
    }
}
