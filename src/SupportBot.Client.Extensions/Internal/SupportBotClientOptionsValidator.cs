using Microsoft.Extensions.Options;

namespace SupportBot.Client.Extensions.Internal;

/// <summary>
/// Validates one registration's options on start through <see cref="SupportBotClientOptions.Validate"/>; each message names the
/// bad key, prefixed with the configuration path when the options were bound from a section (e.g. <c>SupportBot:Sales:ApiKey</c>).
/// </summary>
internal sealed class SupportBotClientOptionsValidator(string name, string? configurationPath) : IValidateOptions<SupportBotClientOptions>
{
    public ValidateOptionsResult Validate(string? name1, SupportBotClientOptions options)
    {
        if (!string.Equals(name1 ?? Options.DefaultName, name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = options.Validate();
        if (errors.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var client = name.Length == 0 ? "SupportBot client" : $"SupportBot client '{name}'";
        return ValidateOptionsResult.Fail(errors.Select(e => $"{client}: {(configurationPath is null ? e : configurationPath + ":" + e)}"));
    }
}
