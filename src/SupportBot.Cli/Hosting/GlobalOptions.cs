using System.CommandLine;
using SupportBot.Client;

namespace SupportBot.Cli.Hosting;

/// <summary>The options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public const string ApiKeyVariable = "SUPPORTBOT_API_KEY";
    public const string ProviderVariable = "SUPPORTBOT_PROVIDER";
    public const string BaseUrlVariable = "SUPPORTBOT_BASE_URL";
    public const string BotIdVariable = "SUPPORTBOT_BOT_ID";

    public Option<string?> Provider { get; } = new("--provider", "-p")
    {
        Description = "The provider: aisupportbot, asyntai, chatsupportai, askia or agentapi (case-insensitive; or SUPPORTBOT_PROVIDER). " +
                      "With --mock it defaults to aisupportbot.",
        HelpName = "name",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key", "-k")
    {
        Description = "The API key (or SUPPORTBOT_API_KEY). With --mock the demo key of the provider is used unless given.",
        HelpName = "key",
        Recursive = true,
    };

    public Option<string?> BaseUrl { get; } = new("--base-url")
    {
        Description = "The API base address (or SUPPORTBOT_BASE_URL); the provider's documented default when omitted. Required for agentapi.",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> BotId { get; } = new("--bot-id", "-b")
    {
        Description = "The bot: AISupportBot assistant id, Asyntai website id, ChatSupport AI widget id, AskIA bot id (or SUPPORTBOT_BOT_ID).",
        HelpName = "id",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Machine-readable output: exactly one JSON document on standard output.",
        Recursive = true,
    };

    public Option<bool> Mock { get; } = new("--mock")
    {
        Description = "Start the embedded reference server with its demo seed and point at it, so every command works offline " +
                      "(default provider aisupportbot).",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Provider);
        root.Add(ApiKey);
        root.Add(BaseUrl);
        root.Add(BotId);
        root.Add(Json);
        root.Add(Mock);
    }

    /// <summary>Reads the options (with their environment fallbacks) from a parse result.</summary>
    public GlobalSettings Read(ParseResult parseResult, CliHost host)
    {
        var providerText = parseResult.GetValue(Provider) ?? host.Env(ProviderVariable);
        SupportBotProvider? provider = providerText is null ? null : ProviderNames.Parse(providerText);
        var baseUrlText = parseResult.GetValue(BaseUrl) ?? host.Env(BaseUrlVariable);
        Uri? baseUrl = null;
        if (baseUrlText is not null && !Uri.TryCreate(EnsureTrailingSlash(baseUrlText), UriKind.Absolute, out baseUrl))
        {
            throw new CliUsageException($"--base-url: '{baseUrlText}' is not an absolute URL");
        }

        return new GlobalSettings(
            provider,
            parseResult.GetValue(ApiKey) ?? host.Env(ApiKeyVariable),
            baseUrl,
            parseResult.GetValue(BotId) ?? host.Env(BotIdVariable),
            parseResult.GetValue(Json),
            parseResult.GetValue(Mock));
    }

    private static string EnsureTrailingSlash(string url) => url.EndsWith('/') ? url : url + "/";
}

/// <summary>The global options after parsing.</summary>
internal sealed record GlobalSettings(SupportBotProvider? Provider, string? ApiKey, Uri? BaseUrl, string? BotId, bool Json, bool Mock);

/// <summary>Provider names as typed on the command line.</summary>
internal static class ProviderNames
{
    public static IReadOnlyList<SupportBotProvider> All { get; } = Enum.GetValues<SupportBotProvider>();

    public static string Expected => string.Join(", ", All.Select(p => p.ToString().ToLowerInvariant()));

    public static SupportBotProvider Parse(string text)
    {
        var trimmed = text.Trim();
        foreach (var provider in All)
        {
            if (string.Equals(provider.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }

        throw new CliUsageException($"unknown provider '{text}'; expected one of {Expected}");
    }
}
