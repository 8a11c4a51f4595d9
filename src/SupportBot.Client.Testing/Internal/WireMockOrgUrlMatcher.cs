using System.Text.RegularExpressions;
using WireMock;
using WireMock.Matchers;
using WireMock.Matchers.Request;

namespace SupportBot.Client.Testing.Internal;

/// <summary>
/// WireMock.org <c>url</c> (path and query, exactly equal) and <c>urlPattern</c> (a regex over path and query, whole
/// match). WireMock.Net's path matcher ignores the query, so a request with an unexpected query string would match.
/// </summary>
internal sealed class WireMockOrgUrlMatcher(string pattern, bool isRegex) : IRequestMatcher
{
    private readonly Regex? _regex = isRegex
        ? new Regex(WireMockOrgMappingConverter.Anchored(pattern), RegexOptions.None, TimeSpan.FromSeconds(1))
        : null;

    public double GetMatchingScore(IRequestMessage requestMessage, IRequestMatchResult requestMatchResult)
    {
        var pathAndQuery = new Uri(requestMessage.Url).PathAndQuery;
        var isMatch = _regex?.IsMatch(pathAndQuery) ?? string.Equals(pathAndQuery, pattern, StringComparison.Ordinal);
        return requestMatchResult.AddScore(GetType(), isMatch ? MatchScores.Perfect : MatchScores.Mismatch, null);
    }
}
