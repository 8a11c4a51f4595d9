namespace SupportBot.Client.Internal;

/// <summary>Request checks made before anything is sent.</summary>
internal static class Validate
{
    public static void Message(SupportBotProvider provider, string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new SupportBotValidationException("Message must not be null, empty or whitespace.", "Message") { Provider = provider };
        }
    }

    public static string Required(SupportBotProvider provider, string? value, string parameterName, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SupportBotValidationException($"{provider} requires {what}; pass {parameterName} or set SupportBotClientOptions.DefaultBotId.", parameterName)
            { Provider = provider };
        }

        return value;
    }

    public static string NotBlank(SupportBotProvider provider, string? value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SupportBotValidationException($"{parameterName} must not be null, empty or whitespace.", parameterName) { Provider = provider };
        }

        return value;
    }

    public static T NotNull<T>(SupportBotProvider provider, T? value, string parameterName)
        where T : class =>
        value ?? throw new SupportBotValidationException($"{parameterName} must not be null.", parameterName) { Provider = provider };

    /// <summary>A page size: null (the server's default) or 1 to <paramref name="max"/>.</summary>
    public static int? Limit(SupportBotProvider provider, int? limit, int max) =>
        limit is { } l && (l < 1 || l > max)
            ? throw new SupportBotValidationException($"limit must be between 1 and {max}; was {l}.", "limit") { Provider = provider }
            : limit;
}
