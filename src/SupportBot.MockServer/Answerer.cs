using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.MockServer;

/// <summary>The mock "AI"'s answer.</summary>
internal sealed record Answer(string Text, double Confidence, bool Escalate, IReadOnlyList<Passage> Sources)
{
    public int CompletionTokens => Math.Max(1, (Text.Length + 3) / 4);
}

/// <summary>Turns retrieval results into an answer: best passage, greeting by name, userContext facts, escalation.</summary>
internal static class Answerer
{
    private static readonly string[] NameKeys = ["username", "userName", "name", "firstName", "first_name", "displayName", "display_name", "given_name"];

    /// <param name="question">The user's message.</param>
    /// <param name="policies">Passages that take precedence when they answer (company rules).</param>
    /// <param name="knowledge">The knowledge passages.</param>
    /// <param name="previousQuestion">The previous user message of the conversation, for follow-ups.</param>
    /// <param name="userContext">User data (AISupportBot userContext, AgentApi user_token claims).</param>
    /// <param name="welcome">The bot's greeting.</param>
    /// <param name="threshold">Below this confidence the answer escalates.</param>
    public static Answer Answer(string question, PassageIndex policies, PassageIndex knowledge, string? previousQuestion, JsonObject? userContext, string? welcome, double threshold)
    {
        var name = UserName(userContext);
        var hi = name is null ? string.Empty : $"Hi {name}! ";
        var words = Retrieval.Words(question);
        if (Retrieval.IsGreeting(words))
        {
            return new Answer(hi + (welcome ?? "Hello! How can I help you today?"), 1.0, false, []);
        }

        var result = Best(PassageIndex.Query(words), policies, knowledge, threshold);
        if (result.Confidence < threshold && !string.IsNullOrWhiteSpace(previousQuestion))
        {
            var followUp = Best(PassageIndex.Query(Retrieval.Words(previousQuestion + " " + question)), policies, knowledge, threshold);
            if (followUp.Confidence > result.Confidence && followUp.Best is not null)
            {
                result = followUp;
            }
        }

        var facts = Facts(words, userContext);
        if (result.Best is null || result.Confidence < threshold)
        {
            if (facts.Length > 0)
            {
                return new Answer(hi + facts, 0.9, false, []);
            }

            return new Answer(string.Empty, result.Confidence, true, result.Best is null ? [] : [result.Best]);
        }

        var text = hi.Length == 0 && facts.Length == 0 ? result.Best.Text : hi + (facts.Length > 0 ? facts + " " : string.Empty) + result.Best.Text;
        return new Answer(text, result.Confidence, false, result.Top);
    }

    private static RetrievalResult Best(List<string> query, PassageIndex policies, PassageIndex knowledge, double threshold)
    {
        if (policies.Count > 0)
        {
            var policy = policies.Search(query);
            if (policy.Best is not null && policy.Confidence >= threshold)
            {
                return policy;
            }
        }

        return knowledge.Search(query);
    }

    public static string? UserName(JsonObject? context)
    {
        if (context is null)
        {
            return null;
        }

        foreach (var key in NameKeys)
        {
            if (context.TryGetPropertyValue(key, out var v) && v is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s))
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>"Your plan: pro." for each top-level userContext field the question names.</summary>
    private static string Facts(List<string> words, JsonObject? context)
    {
        if (context is null)
        {
            return string.Empty;
        }

        var asked = new HashSet<string>(words.Select(Retrieval.Stem), StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var (key, value) in context)
        {
            if (value is null || NameKeys.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            var keyWords = SplitKey(key).Select(Retrieval.Stem).ToList();
            if (keyWords.Count == 0 || !keyWords.All(asked.Contains))
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append("Your ").Append(string.Join(' ', SplitKey(key))).Append(": ").Append(Render(value)).Append('.');
        }

        return sb.ToString();
    }

    private static string Render(JsonNode value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        JsonArray a => string.Join(", ", a.Select(item => item is JsonObject o ? RenderObject(o) : item is null ? "null" : Render(item))),
        JsonObject o => RenderObject(o),
        _ => value.ToJsonString(),
    };

    private static string RenderObject(JsonObject o) =>
        string.Join(" ", o.Select(p => p.Value is null ? null : string.Create(CultureInfo.InvariantCulture, $"{p.Key} {Render(p.Value)}")).Where(s => s is not null)).Trim();

    private static List<string> SplitKey(string key)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        foreach (var ch in key)
        {
            if (ch is '_' or '-' or ' ' || (char.IsUpper(ch) && sb.Length > 0))
            {
                if (sb.Length > 0)
                {
                    words.Add(sb.ToString());
                    sb.Clear();
                }

                if (ch is '_' or '-' or ' ')
                {
                    continue;
                }
            }

            sb.Append(char.ToLowerInvariant(ch));
        }

        if (sb.Length > 0)
        {
            words.Add(sb.ToString());
        }

        return words;
    }

    /// <summary>Rough token count (4 characters a token), deterministic.</summary>
    public static int Tokens(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 3) / 4;
}
