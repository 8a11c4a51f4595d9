using System.Globalization;
using System.Text;

namespace SupportBot.MockServer;

/// <summary>A passage retrieval can pick: a paragraph of a document, a policy or scraped text.</summary>
internal sealed record Passage(string DocumentId, string Title, string Text);

/// <summary>The best passage and how much of the question it covers.</summary>
internal sealed record RetrievalResult(Passage? Best, double Score, double Confidence, IReadOnlyList<Passage> Top);

/// <summary>
/// Deterministic BM25 (k1 = 1.2, b = 0.75) over passages. Confidence is the IDF-weighted share of the question's
/// terms that the best passage contains (0–1), so an unrelated question scores near 0 and a well-covered one near 1.
/// </summary>
internal static class Retrieval
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does",
        "for", "from", "get", "got", "had", "has", "have", "how", "i", "if", "im", "in", "into", "is", "it", "its", "just", "let",
        "me", "my", "need", "of", "on", "or", "our", "please", "should", "so", "some", "tell", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "to", "too", "us", "want", "was", "we", "were", "what", "whats", "when",
        "where", "which", "who", "why", "will", "with", "would", "you", "your", "yours", "also", "again", "still", "much",
        "many", "long", "know", "way", "one", "all", "there", "here", "now", "up", "out", "not", "no", "yes", "ok",
    };

    private static readonly HashSet<string> Greetings = new(StringComparer.Ordinal)
    {
        "hi", "hello", "hey", "bonjour", "salut", "thank", "thanks", "merci", "morning", "afternoon", "evening", "good",
    };

    public static IReadOnlyList<Passage> Split(string documentId, string title, string content)
    {
        var list = new List<Passage>();
        foreach (var block in content.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            list.Add(new Passage(documentId, title, block.Replace('\n', ' ')));
        }

        return list;
    }

    /// <summary>True when the message is only a greeting or thanks.</summary>
    public static bool IsGreeting(string message)
    {
        var words = Words(message).ToList();
        return words.Count > 0 && words.Count <= 4 && words.All(w => Greetings.Contains(w) || StopWords.Contains(w) || w is "there" or "team");
    }

    /// <summary>Lower-case words of the text, without stemming or stop-word removal.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark || ch == '\'' || ch == '’')
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if (sb.Length > 0)
            {
                yield return sb.ToString();
                sb.Clear();
            }
        }

        if (sb.Length > 0)
        {
            yield return sb.ToString();
        }
    }

    /// <summary>Index terms: words without stop words, crudely stemmed.</summary>
    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        foreach (var w in Words(text))
        {
            if (StopWords.Contains(w))
            {
                continue;
            }

            terms.Add(Stem(w));
        }

        return terms;
    }

    public static string Stem(string w)
    {
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            return w[..^3] + "y";
        }

        if (w.Length > 5 && w.EndsWith("ing", StringComparison.Ordinal))
        {
            return w[..^3];
        }

        if (w.Length > 4 && w.EndsWith("ed", StringComparison.Ordinal))
        {
            return w[..^2];
        }

        if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal))
        {
            return w[..^1];
        }

        return w;
    }

    /// <summary>Ranks <paramref name="passages"/> for <paramref name="question"/>; ties keep the passages' order.</summary>
    public static RetrievalResult Search(string question, IReadOnlyList<Passage> passages)
    {
        var queryTerms = Terms(question).Distinct(StringComparer.Ordinal).ToList();
        if (queryTerms.Count == 0 || passages.Count == 0)
        {
            return new RetrievalResult(null, 0, 0, []);
        }

        var docs = new List<(Passage Passage, Dictionary<string, int> Tf, int Length)>(passages.Count);
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        long totalLength = 0;
        foreach (var p in passages)
        {
            var terms = Terms(p.Title + " " + p.Text);
            var tf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var t in terms)
            {
                tf[t] = tf.TryGetValue(t, out var c) ? c + 1 : 1;
            }

            foreach (var t in tf.Keys)
            {
                df[t] = df.TryGetValue(t, out var c) ? c + 1 : 1;
            }

            docs.Add((p, tf, terms.Count));
            totalLength += terms.Count;
        }

        var n = docs.Count;
        var avg = Math.Max(1.0, (double)totalLength / n);
        double Idf(string term) => Math.Log(1 + ((n - (df.TryGetValue(term, out var d) ? d : 0) + 0.5) / ((df.TryGetValue(term, out var d2) ? d2 : 0) + 0.5)));

        var scored = new List<(int Index, double Score)>(n);
        for (var i = 0; i < n; i++)
        {
            var (_, tf, length) = docs[i];
            double score = 0;
            foreach (var q in queryTerms)
            {
                if (tf.TryGetValue(q, out var f))
                {
                    score += Idf(q) * (f * (K1 + 1)) / (f + (K1 * (1 - B + (B * length / avg))));
                }
            }

            scored.Add((i, score));
        }

        var ranked = scored.Where(s => s.Score > 0).OrderByDescending(s => s.Score).ThenBy(s => s.Index).ToList();
        if (ranked.Count == 0)
        {
            return new RetrievalResult(null, 0, 0, []);
        }

        var best = docs[ranked[0].Index];
        double covered = 0, total = 0;
        foreach (var q in queryTerms)
        {
            var idf = Idf(q);
            total += idf;
            if (best.Tf.ContainsKey(q))
            {
                covered += idf;
            }
        }

        var confidence = total <= 0 ? 0 : Math.Round(covered / total, 2, MidpointRounding.AwayFromZero);
        // Sources: the best passage first, then other documents' passages scoring at least half as well (max 3 documents).
        var top = ranked.Where(r => r.Score >= ranked[0].Score / 2).Select(r => docs[r.Index].Passage)
            .DistinctBy(p => p.DocumentId, StringComparer.Ordinal).Take(3).ToList();
        return new RetrievalResult(best.Passage, ranked[0].Score, confidence, top);
    }
}
