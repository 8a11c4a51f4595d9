using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AskIA;

internal sealed class AskIaProfile : ProviderProfile
{
    public static readonly AskIaProfile Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.AskIA;

    public override Uri? DefaultBaseAddress { get; } = new("https://askiabot.com/api/");

    /// <summary>The public widget API needs no key today; a JWT is sent as bearer when configured.</summary>
    public override bool ApiKeyOptional => true;

    /// <summary>429 is the hourly rate limit (100/h free, 1000/h pro), unless the body says quota.</summary>
    public override bool IsQuotaExhausted(ProviderError error) => error.Text.Contains("quota", StringComparison.Ordinal);
}
