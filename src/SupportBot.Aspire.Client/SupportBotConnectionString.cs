using System.Globalization;
using System.Text;
using SupportBot.Client;

namespace SupportBot.Aspire.Client;

/// <summary>
/// A SupportBot connection string: <c>Endpoint=https://…/;Provider=AgentApi;ApiKeyFile=/path;BotId=…</c> (or
/// <c>ApiKey=…</c> instead of <c>ApiKeyFile</c>). Keys are case-insensitive and given once; parts are separated by
/// <c>;</c>, so no value may contain one. <c>Provider</c> is required; <c>Endpoint</c> is required where the provider has
/// no documented default (AgentApi). <see cref="ToString"/> never shows the key.
/// </summary>
public sealed class SupportBotConnectionString
{
    /// <summary>The key naming the base address.</summary>
    public const string EndpointKey = "Endpoint";

    /// <summary>The key naming the provider (a <see cref="SupportBotProvider"/> name).</summary>
    public const string ProviderKey = "Provider";

    /// <summary>The key holding the API key itself.</summary>
    public const string ApiKeyKey = "ApiKey";

    /// <summary>The key naming a file that holds the API key (what an Aspire AppHost hands its services).</summary>
    public const string ApiKeyFileKey = "ApiKeyFile";

    /// <summary>The key naming the default bot (assistant, widget, website).</summary>
    public const string BotIdKey = "BotId";

    private static readonly string[] KnownKeys = [EndpointKey, ProviderKey, ApiKeyKey, ApiKeyFileKey, BotIdKey];

    private SupportBotConnectionString(SupportBotProvider provider) => Provider = provider;

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; }

    /// <summary>The base address; null for the provider's documented default.</summary>
    public Uri? Endpoint { get; private set; }

    /// <summary>The API key given inline, if any.</summary>
    public string? ApiKey { get; private set; }

    /// <summary>The file holding the API key, if any.</summary>
    public string? ApiKeyFile { get; private set; }

    /// <summary>The default bot, if any.</summary>
    public string? BotId { get; private set; }

    /// <summary>Reads a connection string.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="name">Its name (e.g. <c>supportbot</c> for <c>ConnectionStrings:supportbot</c>), used in error messages.</param>
    /// <returns>The parts.</returns>
    /// <exception cref="FormatException">The string is malformed; the message names the part that is wrong (never a key's value).</exception>
    public static SupportBotConnectionString Parse(string? connectionString, string? name = null)
    {
        var what = name is null ? "The SupportBot connection string" : $"The SupportBot connection string '{name}'";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException($"{what} is empty.");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var parts = connectionString.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part.Length == 0)
            {
                continue; // "a=1;b=2;" and "a=1;;b=2" are fine
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The part is not echoed: it may be a key pasted without its name.
                throw new FormatException($"{what} is malformed: part {(i + 1).ToString(CultureInfo.InvariantCulture)} is not 'Key=Value'.");
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            var known = Array.Find(KnownKeys, k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                throw new FormatException($"{what} is malformed: unknown key '{key}' (known keys: {string.Join(", ", KnownKeys)}).");
            }

            if (values.ContainsKey(known))
            {
                throw new FormatException($"{what} is malformed: {known} is given more than once.");
            }

            if (value.Length == 0)
            {
                throw new FormatException($"{what} is malformed: {known} is empty.");
            }

            values[known] = value;
        }

        var providers = string.Join(", ", Enum.GetNames<SupportBotProvider>());
        if (!values.TryGetValue(ProviderKey, out var providerText))
        {
            throw new FormatException($"{what} is malformed: {ProviderKey} is missing (one of {providers}).");
        }

        if (providerText.Length == 0 || !char.IsLetter(providerText[0]) || !Enum.TryParse<SupportBotProvider>(providerText, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            throw new FormatException($"{what} is malformed: {ProviderKey} '{providerText}' is not one of {providers}.");
        }

        var result = new SupportBotConnectionString(provider);
        if (values.TryGetValue(EndpointKey, out var endpointText))
        {
            if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new FormatException($"{what} is malformed: {EndpointKey} '{endpointText}' is not an absolute http or https address.");
            }

            result.Endpoint = endpoint;
        }

        if (values.ContainsKey(ApiKeyKey) && values.ContainsKey(ApiKeyFileKey))
        {
            throw new FormatException($"{what} is malformed: {ApiKeyKey} and {ApiKeyFileKey} are both given; give one.");
        }

        result.ApiKey = values.GetValueOrDefault(ApiKeyKey);
        result.ApiKeyFile = values.GetValueOrDefault(ApiKeyFileKey);
        result.BotId = values.GetValueOrDefault(BotIdKey);
        return result;
    }

    /// <summary>
    /// Sets <see cref="SupportBotClientOptions.Provider"/>, <see cref="SupportBotClientOptions.BaseAddress"/>,
    /// <see cref="SupportBotClientOptions.ApiKey"/> (read from <see cref="ApiKeyFile"/> when that is given) and
    /// <see cref="SupportBotClientOptions.DefaultBotId"/> from the parts that are present.
    /// </summary>
    /// <param name="options">The options to complete.</param>
    /// <exception cref="InvalidOperationException">The key file cannot be read or is empty.</exception>
    public void ApplyTo(SupportBotClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Provider = Provider;
        if (Endpoint is not null)
        {
            options.BaseAddress = Endpoint;
        }

        if (ApiKey is not null)
        {
            options.ApiKey = ApiKey;
        }
        else if (ApiKeyFile is not null)
        {
            options.ApiKey = ReadKeyFile(ApiKeyFile);
        }

        if (BotId is not null)
        {
            options.DefaultBotId = BotId;
        }
    }

    /// <summary>The connection string with the key masked: <c>ApiKey=***</c>.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Endpoint is not null)
        {
            sb.Append(EndpointKey).Append('=').Append(Endpoint).Append(';');
        }

        sb.Append(ProviderKey).Append('=').Append(Provider);
        if (ApiKey is not null)
        {
            sb.Append(';').Append(ApiKeyKey).Append("=***");
        }

        if (ApiKeyFile is not null)
        {
            sb.Append(';').Append(ApiKeyFileKey).Append('=').Append(ApiKeyFile);
        }

        if (BotId is not null)
        {
            sb.Append(';').Append(BotIdKey).Append('=').Append(BotId);
        }

        return sb.ToString();
    }

    private static string ReadKeyFile(string path)
    {
        string key;
        try
        {
            key = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The SupportBot API key file named by {ApiKeyFileKey} cannot be read: {path} ({ex.GetType().Name}).", ex);
        }

        return key.Length == 0
            ? throw new InvalidOperationException($"The SupportBot API key file named by {ApiKeyFileKey} is empty: {path}.")
            : key;
    }
}
