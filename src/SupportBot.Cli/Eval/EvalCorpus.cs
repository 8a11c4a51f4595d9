using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SupportBot.Cli.Eval;

/// <summary>One question of a corpus and what a good reply looks like.</summary>
/// <param name="Index">1-based position in the corpus.</param>
/// <param name="Question">The question.</param>
/// <param name="ExpectedKeywords">Words the answer must contain (case-insensitive); empty when any answer will do.</param>
/// <param name="ExpectEscalation">Whether the bot should hand over to a human instead of answering.</param>
internal sealed record EvalCase(int Index, string Question, IReadOnlyList<string> ExpectedKeywords, bool ExpectEscalation);

/// <summary>Reads a question corpus: CSV (<c>question,expected_keywords,expect_escalation</c>) or JSON Lines.</summary>
internal static class EvalCorpus
{
    public static IReadOnlyList<EvalCase> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"corpus file '{path}' not found");
        }

        var text = File.ReadAllText(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" => ParseCsv(text, path),
            ".jsonl" or ".ndjson" => ParseJsonLines(text, path),
            _ => throw new CliUsageException($"corpus '{path}': expected a .csv or .jsonl file"),
        };
    }

    public static IReadOnlyList<EvalCase> ParseCsv(string text, string name = "corpus")
    {
        var rows = Csv.Parse(text);
        if (rows.Count == 0)
        {
            throw new CliUsageException($"{name}: empty file");
        }

        var header = rows[0].Select(NormalizeHeader).ToList();
        var questionColumn = header.IndexOf("question");
        if (questionColumn < 0)
        {
            throw new CliUsageException($"{name}: the header must name a 'question' column (columns: question,expected_keywords,expect_escalation)");
        }

        var keywordsColumn = header.IndexOf("expectedkeywords");
        var escalationColumn = header.IndexOf("expectescalation");
        var cases = new List<EvalCase>();
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var line = i + 1;
            var question = Cell(row, questionColumn).Trim();
            if (question.Length == 0)
            {
                throw new CliUsageException($"{name}, row {line}: the question is empty");
            }

            var keywords = SplitKeywords(Cell(row, keywordsColumn));
            var escalation = ParseBool(Cell(row, escalationColumn), $"{name}, row {line}");
            cases.Add(new EvalCase(cases.Count + 1, question, keywords, escalation));
        }

        return cases.Count > 0 ? cases : throw new CliUsageException($"{name}: no questions");
    }

    public static IReadOnlyList<EvalCase> ParseJsonLines(string text, string name = "corpus")
    {
        var cases = new List<EvalCase>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var where = $"{name}, line {(i + 1).ToString(CultureInfo.InvariantCulture)}";
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new CliUsageException($"{where}: not JSON ({ex.Message})");
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new CliUsageException($"{where}: expected a JSON object");
                }

                string? question = null;
                IReadOnlyList<string> keywords = [];
                var escalation = false;
                foreach (var property in root.EnumerateObject())
                {
                    switch (NormalizeHeader(property.Name))
                    {
                        case "question":
                            question = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                            break;
                        case "expectedkeywords":
                            keywords = property.Value.ValueKind switch
                            {
                                JsonValueKind.Array => [.. property.Value.EnumerateArray()
                                    .Where(e => e.ValueKind == JsonValueKind.String)
                                    .Select(e => e.GetString()!.Trim())
                                    .Where(k => k.Length > 0)],
                                JsonValueKind.String => SplitKeywords(property.Value.GetString()),
                                JsonValueKind.Null => [],
                                _ => throw new CliUsageException($"{where}: expectedKeywords must be an array of strings"),
                            };
                            break;
                        case "expectescalation":
                            escalation = property.Value.ValueKind switch
                            {
                                JsonValueKind.True => true,
                                JsonValueKind.False or JsonValueKind.Null => false,
                                JsonValueKind.String => ParseBool(property.Value.GetString(), where),
                                _ => throw new CliUsageException($"{where}: expectEscalation must be true or false"),
                            };
                            break;
                    }
                }

                if (string.IsNullOrWhiteSpace(question))
                {
                    throw new CliUsageException($"{where}: missing \"question\"");
                }

                cases.Add(new EvalCase(cases.Count + 1, question.Trim(), keywords, escalation));
            }
        }

        return cases.Count > 0 ? cases : throw new CliUsageException($"{name}: no questions");
    }

    private static string Cell(IReadOnlyList<string> row, int column) => column >= 0 && column < row.Count ? row[column] : string.Empty;

    private static string NormalizeHeader(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Trim().TrimStart('\uFEFF'))
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    private static IReadOnlyList<string> SplitKeywords(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static bool ParseBool(string? text, string where)
    {
        var value = text?.Trim().ToLowerInvariant() ?? string.Empty;
        return value switch
        {
            "" or "false" or "no" or "n" or "0" => false,
            "true" or "yes" or "y" or "1" => true,
            _ => throw new CliUsageException($"{where}: expect_escalation '{text}' is not true/false"),
        };
    }
}

/// <summary>A small RFC 4180 CSV reader and writer (quoted fields, doubled quotes, line breaks inside quotes).</summary>
internal static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var fieldStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (fieldStarted || field.Length > 0 || row.Count > 0)
                    {
                        row.Add(field.ToString());
                        rows.Add(row);
                    }

                    row = [];
                    field.Clear();
                    fieldStarted = false;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new CliUsageException("CSV: a quoted field is not closed");
        }

        if (fieldStarted || field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
