using System.Net;

namespace SupportBot.Client.Internal;

/// <summary>The option rules shared by the client constructor and DI's validate-on-start.</summary>
internal static class OptionsValidation
{
    /// <summary>The message for options whose provider was never set.</summary>
    public static readonly string ProviderRequired =
        $"Provider is required: set it to one of {string.Join(", ", Enum.GetNames<SupportBotProvider>())}.";

    public static IReadOnlyList<string> Validate(SupportBotClientOptions options) => Validate(options, options.Provider);

    public static IReadOnlyList<string> Validate(SupportBotClientOptions options, SupportBotProvider provider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (provider == default)
        {
            errors.Add(ProviderRequired);
            return errors;
        }

        if (!Enum.IsDefined(provider))
        {
            errors.Add($"Provider: '{provider}' is not a known provider.");
            return errors;
        }

        var profile = ProviderRegistry.For(provider);
        if (string.IsNullOrWhiteSpace(options.ApiKey) && !profile.ApiKeyOptional)
        {
            errors.Add($"ApiKey: {provider} requires an API key.");
        }

        var baseAddress = options.BaseAddress ?? profile.DefaultBaseAddress;
        if (baseAddress is null)
        {
            errors.Add($"BaseAddress: {provider} has no default base address; set BaseAddress to your instance's API URL.");
        }
        else if (!baseAddress.IsAbsoluteUri)
        {
            errors.Add("BaseAddress: must be an absolute URI.");
        }
        else if (baseAddress.Scheme != Uri.UriSchemeHttps)
        {
            if (baseAddress.Scheme != Uri.UriSchemeHttp)
            {
                errors.Add($"BaseAddress: scheme '{baseAddress.Scheme}' is not supported; use https.");
            }
            else if (!IsLoopback(baseAddress) && !options.AllowInsecureHttp)
            {
                errors.Add($"BaseAddress: plain http to '{baseAddress.Host}' would send the API key unencrypted; use https, or set AllowInsecureHttp.");
            }
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            errors.Add("Timeout: must be positive.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero && options.AttemptTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            errors.Add("AttemptTimeout: must be positive.");
        }

        if (options.MaxResponseBytes < 1024 || options.MaxResponseBytes > 1024 * 1024 * 1024)
        {
            errors.Add("MaxResponseBytes: must be between 1 KiB and 1 GiB.");
        }

        if (options.MaxHistoryMessages < 0)
        {
            errors.Add("MaxHistoryMessages: must be zero or more.");
        }

        if (!Enum.IsDefined(options.UnrecognizedHistory))
        {
            errors.Add($"UnrecognizedHistory: '{options.UnrecognizedHistory}' is not one of {string.Join(", ", Enum.GetNames<UnrecognizedHistoryHandling>())}.");
        }

        if (options.EscalationConfidenceThreshold is < 0 or > 1 || double.IsNaN(options.EscalationConfidenceThreshold))
        {
            errors.Add("EscalationConfidenceThreshold: must be between 0 and 1.");
        }

        if (options.Retry is null)
        {
            errors.Add("Retry: must not be null.");
        }
        else
        {
            if (options.Retry.MaxRetries < 0)
            {
                errors.Add("Retry.MaxRetries: must be zero or more.");
            }

            if (options.Retry.BaseDelay < TimeSpan.Zero)
            {
                errors.Add("Retry.BaseDelay: must not be negative.");
            }

            if (options.Retry.MaxRetryAfter < TimeSpan.Zero)
            {
                errors.Add("Retry.MaxRetryAfter: must not be negative.");
            }
        }

        if (options.ClientRateLimit is { } rl && (rl.PermitLimit < 1 || rl.Window <= TimeSpan.Zero || rl.QueueLimit < 0))
        {
            errors.Add("ClientRateLimit: PermitLimit must be at least 1, Window positive and QueueLimit zero or more.");
        }

        if (options.AuthHeader is { } style && !profile.AuthHeaders.Contains(style))
        {
            errors.Add(profile.AuthHeaders is [SupportBotAuthHeader.XApiKey]
                ? $"AuthHeader: {provider} accepts only the X-API-Key header."
                : $"AuthHeader: {provider} accepts only 'Authorization: Bearer'.");
        }

        errors.AddRange(profile.ValidateOptions(options));
        return errors;
    }

    /// <summary>Throws <see cref="SupportBotValidationException"/> naming the first problem (all problems in the message).</summary>
    public static void ThrowIfInvalid(SupportBotClientOptions options, SupportBotProvider provider)
    {
        var errors = Validate(options, provider);
        if (errors.Count > 0)
        {
            var first = errors[0];
            var colon = first.IndexOf(':', StringComparison.Ordinal);
            throw new SupportBotValidationException(
                $"Invalid SupportBotClientOptions for {provider}: {string.Join(" ", errors)}",
                colon > 0 ? first[..colon] : null)
            { Provider = provider };
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
