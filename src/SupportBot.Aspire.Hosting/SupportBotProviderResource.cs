using Aspire.Hosting.ApplicationModel;
using SupportBot.Aspire.Hosting.Internal;
using SupportBot.Client;

namespace Aspire.Hosting;

/// <summary>
/// A real support-bot provider (a hosted service the AppHost does not run) whose API key is an Aspire parameter. Its
/// connection string names the endpoint, the provider and the bot; when the AppHost runs, the key reaches services
/// through a file only the current user can read (<c>ApiKeyFile=…</c>), so it is never in an environment listing, the
/// dashboard or a log. In a published manifest the key is the parameter reference (<c>ApiKey={key.value}</c>), for the
/// deployment target's own secret store.
/// </summary>
public sealed class SupportBotProviderResource : Resource, IResourceWithConnectionString, IResourceWithWaitSupport
{
    private readonly ApiKeyFileValue _apiKeyFile;
    private readonly bool _publishMode;

    internal SupportBotProviderResource(
        string name,
        SupportBotProvider provider,
        ParameterResource apiKey,
        ParameterResource? endpoint,
        ParameterResource? botId,
        SecretFiles secretFiles,
        bool publishMode) : base(name)
    {
        Provider = provider;
        ApiKey = apiKey;
        Endpoint = endpoint;
        BotId = botId;
        _publishMode = publishMode;
        _apiKeyFile = new ApiKeyFileValue(name, secretFiles, ct => apiKey.GetValueAsync(ct), [apiKey]);
    }

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; }

    /// <summary>The API key (a secret parameter).</summary>
    public ParameterResource ApiKey { get; }

    /// <summary>The base address, when not the provider's documented default (AgentApi always needs one).</summary>
    public ParameterResource? Endpoint { get; }

    /// <summary>The bot (assistant, widget, website) used when a request names none.</summary>
    public ParameterResource? BotId { get; }

    /// <summary><c>Endpoint=…;Provider=…;ApiKeyFile=…;BotId=…</c> (run) or <c>…;ApiKey={key.value};…</c> (publish).</summary>
    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var builder = new ReferenceExpressionBuilder();
            if (Endpoint is not null)
            {
                builder.AppendLiteral(ConnectionStringKeys.Endpoint + "=");
                builder.AppendFormatted(Endpoint);
                builder.AppendLiteral(";");
            }

            builder.AppendLiteral($"{ConnectionStringKeys.Provider}={Provider}");
            if (_publishMode)
            {
                builder.AppendLiteral($";{ConnectionStringKeys.ApiKey}=");
                builder.AppendFormatted(ApiKey);
            }
            else
            {
                builder.AppendLiteral($";{ConnectionStringKeys.ApiKeyFile}=");
                builder.AppendFormatted(_apiKeyFile);
            }

            if (BotId is not null)
            {
                builder.AppendLiteral($";{ConnectionStringKeys.BotId}=");
                builder.AppendFormatted(BotId);
            }

            return builder.Build();
        }
    }
}
