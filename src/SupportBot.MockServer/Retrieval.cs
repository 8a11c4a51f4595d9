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
    public static bool IsGreeting(string message) => IsGreeting(Words(message));

    /// <summary>True when the words are only a greeting or thanks.</summary>
    public static bool IsGreeting(List<string> words) =>
        words.Count > 0 && words.Count <= 4 && words.TrueForAll(w => Greetings.Contains(w) || StopWords.Contains(w) || w is "there" or "team");

    /// <summary>Lower-case words of the text, without stemming or stop-word removal (accents removed; ASCII skips normalization).</summary>
    public static List<string> Words(string text)
    {
        var source = Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormD);
        var words = new List<string>(8);
        Span<char> word = stackalloc char[128];
        var length = 0;
        var overflow = false;
        foreach (var ch in source)
        {
            if (ch == '\'' || ch == '’' || (ch > 0x7f && CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark))
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                if (length < word.Length)
                {
                    word[length++] = char.ToLowerInvariant(ch);
                }
                else
                {
                    overflow = true;
                }
            }
            else if (length > 0)
            {
                Flush(words, word[..length], overflow);
                length = 0;
                overflow = false;
            }
        }

        if (length > 0)
        {
            Flush(words, word[..length], overflow);
        }

        return words;

        static void Flush(List<string> words, ReadOnlySpan<char> word, bool overflow)
        {
            // Words longer than the buffer are kept truncated: no real term is 128 letters long.
            _ = overflow;
            words.Add(new string(word));
        }
    }

    /// <summary>Index terms: words without stop words, crudely stemmed.</summary>
    public static List<string> Terms(string text) => Terms(Words(text));

    /// <summary>Index terms of already split words.</summary>
    public static List<string> Terms(List<string> words)
    {
        var terms = new List<string>(words.Count);
        foreach (var w in words)
        {
            if (!StopWords.Contains(w))
            {
                terms.Add(Stem(w));
            }
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
    public static RetrievalResult Search(string question, IReadOnlyList<Passage> passages) => new PassageIndex(passages).Search(question);
}

/// <summary>
/// A BM25 index over passages, built once per knowledge base version (and per bot's policies): term frequencies,
/// lengths and document frequencies. Immutable once built, so searching it needs no lock; a search only analyses the
/// question. Same ranking and confidence as analysing every passage per question.
/// </summary>
internal sealed class PassageIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Passage[] _passages;
    private readonly Dictionary<string, int>[] _tf;
    private readonly int[] _length;
    private readonly Dictionary<string, int> _df = new(StringComparer.Ordinal);
    private readonly double _avg;

    public PassageIndex(IReadOnlyList<Passage> passages)
    {
        _passages = [.. passages];
        _tf = new Dictionary<string, int>[_passages.Length];
        _length = new int[_passages.Length];
        long totalLength = 0;
        for (var i = 0; i < _passages.Length; i++)
        {
            var p = _passages[i];
            var terms = Retrieval.Terms(p.Title + " " + p.Text);
            var tf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var t in terms)
            {
                tf[t] = tf.TryGetValue(t, out var c) ? c + 1 : 1;
            }

            foreach (var t in tf.Keys)
            {
                _df[t] = _df.TryGetValue(t, out var c) ? c + 1 : 1;
            }

            _tf[i] = tf;
            _length[i] = terms.Count;
            totalLength += terms.Count;
        }

        _avg = _passages.Length == 0 ? 1 : Math.Max(1.0, (double)totalLength / _passages.Length);
    }

    public static PassageIndex Empty { get; } = new([]);

    public int Count => _passages.Length;

    public IReadOnlyList<Passage> Passages => _passages;

    private double Idf(string term)
    {
        var d = _df.TryGetValue(term, out var df) ? df : 0;
        return Math.Log(1 + ((_passages.Length - d + 0.5) / (d + 0.5)));
    }

    public RetrievalResult Search(string question) => Search(Query(Retrieval.Words(question)));

    /// <summary>The distinct terms of a question's words, in order.</summary>
    public static List<string> Query(List<string> words)
    {
        var terms = Retrieval.Terms(words);
        for (var i = terms.Count - 1; i > 0; i--)
        {
            if (terms.IndexOf(terms[i]) < i)
            {
                terms.RemoveAt(i);
            }
        }

        return terms;
    }

    /// <summary>Ranks the passages for distinct query terms (<see cref="Query"/>).</summary>
    public RetrievalResult Search(List<string> queryTerms)
    {
        var n = _passages.Length;
        if (queryTerms.Count == 0 || n == 0)
        {
            return new RetrievalResult(null, 0, 0, []);
        }

        var idf = new double[queryTerms.Count];
        for (var q = 0; q < idf.Length; q++)
        {
            idf[q] = Idf(queryTerms[q]);
        }

        var rented = n > 256 ? System.Buffers.ArrayPool<double>.Shared.Rent(n) : null;
        var scores = rented is null ? stackalloc double[n] : rented.AsSpan(0, n);
        var bestIndex = -1;
        for (var i = 0; i < n; i++)
        {
            var tf = _tf[i];
            double score = 0;
            for (var q = 0; q < queryTerms.Count; q++)
            {
                if (tf.TryGetValue(queryTerms[q], out var f))
                {
                    score += idf[q] * (f * (K1 + 1)) / (f + (K1 * (1 - B + (B * _length[i] / _avg))));
                }
            }

            scores[i] = score;
            if (score > 0 && (bestIndex < 0 || score > scores[bestIndex]))
            {
                bestIndex = i;
            }
        }

        if (bestIndex < 0)
        {
            Return(rented);
            return new RetrievalResult(null, 0, 0, []);
        }

        var bestTf = _tf[bestIndex];
        double covered = 0, total = 0;
        for (var q = 0; q < queryTerms.Count; q++)
        {
            total += idf[q];
            if (bestTf.ContainsKey(queryTerms[q]))
            {
                covered += idf[q];
            }
        }

        var confidence = total <= 0 ? 0 : Math.Round(covered / total, 2, MidpointRounding.AwayFromZero);

        // Sources: the best passage first, then other documents' passages scoring at least half as well (max 3 documents).
        var best = scores[bestIndex];
        var candidates = new List<(double Score, int Index)>();
        for (var i = 0; i < n; i++)
        {
            if (scores[i] > 0 && scores[i] >= best / 2)
            {
                candidates.Add((scores[i], i));
            }
        }

        Return(rented);
        candidates.Sort(static (x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : x.Index.CompareTo(y.Index));
        var top = new List<Passage>(3);
        foreach (var (_, i) in candidates)
        {
            var p = _passages[i];
            if (!top.Exists(t => string.Equals(t.DocumentId, p.DocumentId, StringComparison.Ordinal)))
            {
                top.Add(p);
                if (top.Count == 3)
                {
                    break;
                }
            }
        }

        return new RetrievalResult(_passages[bestIndex], best, confidence, top);
    }

    private static void Return(double[]? rented)
    {
        if (rented is not null)
        {
            System.Buffers.ArrayPool<double>.Shared.Return(rented);
        }
    }
}
