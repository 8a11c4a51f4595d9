using System.Text.Json;
using SupportBot.Cli.Hosting;
using SupportBot.Client;

namespace SupportBot.Cli.Doctor;

/// <summary>One provider to diagnose: a label and its client options.</summary>
internal sealed record DoctorTarget(string Name, SupportBotClientOptions Options);

/// <summary>
/// Which providers <c>doctor</c> diagnoses: those of <c>--config</c>; or with <c>--mock</c> every provider (or <c>--provider</c>);
/// or the one of the global flags / <c>SUPPORTBOT_*</c> plus each provider with <c>SUPPORTBOT_&lt;PROVIDER&gt;_API_KEY</c>,
/// <c>_BASE_URL</c> or <c>_BOT_ID</c> set.
/// </summary>
internal static class DoctorTargets
{
    public static string VariablePrefix(SupportBotProvider provider) => "SUPPORTBOT_" + provider.ToString().ToUpperInvariant() + "_";

    public static async Task<List<DoctorTarget>> ResolveAsync(GlobalSettings settings, string? configFile, CliHost host, IMockServerHandle? mock, CancellationToken cancellationToken)
    {
        if (configFile is not null)
        {
            return await FromConfigAsync(configFile, host, cancellationToken).ConfigureAwait(false);
        }

        var targets = new List<DoctorTarget>();
        if (mock is not null)
        {
            foreach (var provider in settings.Provider is { } p ? [p] : ProviderNames.All)
            {
                var options = mock.CreateOptions(provider);
                options.Provider = provider;
                if (settings.Provider is not null)
                {
                    Apply(options, settings.ApiKey, settings.BaseUrl, settings.BotId);
                }

                targets.Add(new DoctorTarget(provider.ToString().ToLowerInvariant(), options));
            }

            return targets;
        }

        if (settings.Provider is { } single)
        {
            var options = new SupportBotClientOptions { Provider = single };
            Apply(options, settings.ApiKey, settings.BaseUrl, settings.BotId);
            targets.Add(new DoctorTarget(single.ToString().ToLowerInvariant(), options));
        }

        foreach (var provider in ProviderNames.All)
        {
            var prefix = VariablePrefix(provider);
            var key = host.Env(prefix + "API_KEY");
            var baseUrl = host.Env(prefix + "BASE_URL");
            var botId = host.Env(prefix + "BOT_ID");
            if ((key ?? baseUrl ?? botId) is null || targets.Exists(t => t.Options.Provider == provider))
            {
                continue;
            }

            var options = new SupportBotClientOptions { Provider = provider };
            Apply(options, key, ParseUrl(baseUrl, prefix + "BASE_URL"), botId);
            targets.Add(new DoctorTarget(provider.ToString().ToLowerInvariant(), options));
        }

        if (targets.Count == 0)
        {
            throw new CliUsageException(
                $"nothing to diagnose: pass --provider (with --api-key, --base-url, --bot-id), set SUPPORTBOT_<PROVIDER>_API_KEY, give --config <file>, or use --mock");
        }

        return targets;
    }

    private static async Task<List<DoctorTarget>> FromConfigAsync(string path, CliHost host, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"--config: file '{path}' not found");
        }

        DoctorConfigJson? config;
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                config = await JsonSerializer.DeserializeAsync(stream, DoctorConfigContext.Default.DoctorConfigJson, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"--config '{path}' is not valid JSON: {ex.Message}");
        }

        if (config is null || config.Providers.Count == 0)
        {
            throw new CliUsageException($"--config '{path}' lists no providers (expected {{\"providers\": [{{\"provider\": \"asyntai\", \"apiKeyVariable\": \"ASYNTAI_KEY\"}}]}})");
        }

        var targets = new List<DoctorTarget>();
        for (var i = 0; i < config.Providers.Count; i++)
        {
            var entry = config.Providers[i];
            var where = $"--config '{path}', providers[{i}]";
            if (string.IsNullOrWhiteSpace(entry.Provider))
            {
                throw new CliUsageException($"{where}: 'provider' is required ({ProviderNames.Expected})");
            }

            var provider = ProviderNames.Parse(entry.Provider);
            var options = new SupportBotClientOptions { Provider = provider };
            var key = entry.ApiKey;
            if (entry.ApiKeyVariable is { Length: > 0 } variable)
            {
                key = host.Env(variable) ?? throw new CliUsageException($"{where}: environment variable '{variable}' (apiKeyVariable) is not set");
            }

            Apply(options, key, ParseUrl(entry.BaseUrl, where + ".baseUrl"), entry.BotId);
            if (entry.AuthHeader is { Length: > 0 } auth)
            {
                options.AuthHeader = Enum.TryParse<SupportBotAuthHeader>(auth, ignoreCase: true, out var header)
                    ? header
                    : throw new CliUsageException($"{where}: authHeader '{auth}' is not one of {string.Join(", ", Enum.GetNames<SupportBotAuthHeader>())}");
            }

            targets.Add(new DoctorTarget(entry.Name is { Length: > 0 } name ? name : provider.ToString().ToLowerInvariant(), options));
        }

        return targets;
    }

    private static void Apply(SupportBotClientOptions options, string? apiKey, Uri? baseUrl, string? botId)
    {
        if (apiKey is not null) options.ApiKey = apiKey;
        if (baseUrl is not null) options.BaseAddress = baseUrl;
        if (botId is not null) options.DefaultBotId = botId;
        options.ApplicationId ??= "supportbot-doctor/" + typeof(DoctorTargets).Assembly.GetName().Version?.ToString(3);
    }

    private static Uri? ParseUrl(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var withSlash = text.EndsWith('/') ? text : text + "/";
        return Uri.TryCreate(withSlash, UriKind.Absolute, out var uri) ? uri : throw new CliUsageException($"{what}: '{text}' is not an absolute URL");
    }
}
