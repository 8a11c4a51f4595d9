using System.Text.RegularExpressions;
using SupportBot.Client.Testing.Providers;

namespace SupportBot.Client.Testing.Recording.Internal;

/// <summary>
/// What counts as a secret in a recording, shared by the scrubber (before anything is written) and the scan (after):
/// secret header names, secret JSON member and query parameter names, the providers' key patterns, and the placeholders
/// that are allowed to stay.
/// </summary>
internal static class SecretRules
{
    /// <summary>What a scrubbed value that is not a key becomes.</summary>
    public const string Scrubbed = "[scrubbed]";

    /// <summary>The suffix of the placeholder of every key after the first (<c>ask_recorded_key_2</c>).</summary>
    public const string RecordedKeyStem = "recorded_key_";

    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Request/response headers whose values are credentials (compared ignoring case).</summary>
    private static readonly HashSet<string> SecretHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "X-API-Key", "Api-Key", "ApiKey", "X-Auth-Token", "X-Access-Token",
        "X-Session-Token", "X-Csrf-Token", "X-Amz-Security-Token", "Cookie", "Set-Cookie",
    };

    /// <summary>Words that make any other header name secret (<c>X-Upstream-Token</c>, <c>X-Client-Secret</c>).</summary>
    private static readonly string[] SecretHeaderWords = ["token", "secret", "password", "session", "signature", "api-key", "apikey", "credential"];

    /// <summary>Headers that name an authentication scheme, not a credential: kept as they are.</summary>
    private static readonly HashSet<string> NotSecretHeaders = new(StringComparer.OrdinalIgnoreCase) { "WWW-Authenticate", "Proxy-Authenticate" };

    /// <summary>
    /// JSON members and query parameters whose values are secrets, compared lower-case without <c>_</c> and <c>-</c>:
    /// AISupportBot's <c>userContext</c>, AgentApi's <c>user_token</c>, and the usual credential names.
    /// </summary>
    private static readonly HashSet<string> SecretFieldNames = new(StringComparer.Ordinal)
    {
        "usercontext", "usertoken", "apikey", "accesstoken", "refreshtoken", "idtoken", "token", "sessiontoken",
        "password", "secret", "clientsecret", "authorization", "jwt",
    };

    /// <summary>The fields of <see cref="SecretFieldNames"/> whose value is an API key (scrubbed to a key placeholder the replay sends).</summary>
    private static readonly HashSet<string> KeyFieldNames = new(StringComparer.Ordinal) { "apikey", "accesstoken", "token" };

    /// <summary>Signed JWTs (AgentApi's <c>user_token</c>, AskIA's announced auth), whatever the provider.</summary>
    public static readonly Regex Jwt = new(@"eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*", Options, RegexTimeout);

    /// <summary>Every provider's key pattern and the JWT pattern, each standing alone (not inside a longer word).</summary>
    public static IReadOnlyList<Regex> BuiltInPatterns { get; } =
    [
        .. ProviderContractData.All.Where(p => p.KeyPattern is not null).Select(p => Standalone(p.KeyPattern!)),
        Jwt,
    ];

    /// <summary>The documents' example keys and the fixture keys of every provider: never secrets.</summary>
    public static IReadOnlySet<string> PlaceholderKeys { get; } =
        ProviderContractData.All.SelectMany(p => p.PlaceholderKeys).ToHashSet(StringComparer.Ordinal);

    /// <summary>A pattern that matches only where the match is not part of a longer identifier.</summary>
    public static Regex Standalone(string pattern) => new($"(?<![A-Za-z0-9_]){pattern}(?![A-Za-z0-9_])", Options, RegexTimeout);

    /// <summary>A user's extra pattern, compiled with the same options and timeout as the built-in ones.</summary>
    public static Regex Custom(string pattern) => new(pattern, Options, RegexTimeout);

    public static bool IsSecretHeader(string name) =>
        !NotSecretHeaders.Contains(name)
        && (SecretHeaderNames.Contains(name) || SecretHeaderWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)));

    public static bool IsSecretField(string name) => SecretFieldNames.Contains(Normalize(name));

    public static bool IsKeyField(string name) => KeyFieldNames.Contains(Normalize(name));

    /// <summary>Whether a value may stay in a recording: a documented/fixture key, a recording placeholder, or <see cref="Scrubbed"/>.</summary>
    public static bool IsPlaceholder(string value)
    {
        if (value.Length == 0 || value == Scrubbed || PlaceholderKeys.Contains(value))
        {
            return true;
        }

        var stem = value.IndexOf(RecordedKeyStem, StringComparison.Ordinal);
        return stem >= 0 && value.Length > stem + RecordedKeyStem.Length && value[(stem + RecordedKeyStem.Length)..].All(char.IsAsciiDigit);
    }

    /// <summary>The credential in a header value: <c>Bearer abc</c> → <c>abc</c> (scheme kept apart); any other value as it is.</summary>
    public static (string Scheme, string Credential) SplitScheme(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && value[..space] is var scheme
            && (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
                || scheme.Equals("Token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("ApiKey", StringComparison.OrdinalIgnoreCase)))
        {
            return (value[..(space + 1)], value[(space + 1)..].Trim());
        }

        return (string.Empty, value.Trim());
    }

    private static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
