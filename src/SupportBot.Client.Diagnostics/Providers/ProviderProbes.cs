using SupportBot.Client.Diagnostics.Internal;
using SupportBot.Client.Providers.AgentApi;
using SupportBot.Client.Providers.AskIA;
using SupportBot.Client.Providers.Asyntai;
using SupportBot.Client.Providers.ChatSupportAI;

namespace SupportBot.Client.Diagnostics.Providers;

/// <summary>AISupportBot has no read-only endpoint: key and assistant are checked only by a chat.</summary>
internal sealed class AISupportBotProbe : ProviderProbe
{
    public override SupportBotProvider Provider => SupportBotProvider.AISupportBot;

    public override string ChatEndpoint => "POST chat";

    public override string ChatContract => "aisupportbot/chat-minimal";

    public override string? KeyUncheckedReason => "AISupportBot has no read-only endpoint; include the chat check (--chat, one message) to verify the key";

    public override string? BotUncheckedReason => "AISupportBot has no read-only endpoint; include the chat check (--chat, one message) to verify the assistant id";

    public override string QuotaUnreportedReason => "AISupportBot reports its quota only when exhausted (429 on chat)";

    public override Task ProbeAsync(ProbeContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Asyntai: <c>GET account/</c> (key, messages used/limit), <c>GET websites/</c> (website id).</summary>
internal sealed class AsyntaiProbe : ProviderProbe
{
    public override SupportBotProvider Provider => SupportBotProvider.Asyntai;

    public override string ChatEndpoint => "POST chat/";

    public override string ChatContract => "asyntai/chat";

    public override string? QuotaEndpoint => "GET account/";

    public override async Task ProbeAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var native = context.Client.GetNativeClient<AsyntaiClient>();
        const string accountEndpoint = "GET account/";
        var account = await context.CallAsync(DiagnosticCheckNames.Key, accountEndpoint, "asyntai/account", native.GetAccountAsync, cancellationToken).ConfigureAwait(false);
        if (account.Value is { } a)
        {
            context.Report(KeyAccepted(accountEndpoint, account.Latency));
            if (a.Value.Account is { MessagesUsed: { } used, MessagesLimit: { } limit })
            {
                context.Quota = new QuotaUsage(used, limit, "messages");
            }
        }
        else
        {
            context.ReportFailure(DiagnosticCheckNames.Key, accountEndpoint, account.Error!, account.Latency);
            context.Report(QuotaNotRead());
        }

        const string websitesEndpoint = "GET websites/";
        var websites = await context.CallAsync(DiagnosticCheckNames.Bot, websitesEndpoint, "asyntai/websites", native.GetWebsitesAsync, cancellationToken).ConfigureAwait(false);
        if (websites.Value is { } w)
        {
            var list = w.Value.Websites;
            var botId = context.Options.DefaultBotId;
            DiagnosticCheck check;
            if (string.IsNullOrWhiteSpace(botId))
            {
                check = new(DiagnosticCheckNames.Bot, list.Count > 0 ? DiagnosticStatus.Ok : DiagnosticStatus.Warn,
                    $"no website id configured; the account has {list.Count} website(s)",
                    list.Count > 0 ? null : "Add a website in the Asyntai dashboard.");
            }
            else
            {
                var found = list.FirstOrDefault(x => string.Equals(x.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), botId.Trim(), StringComparison.Ordinal));
                check = found is not null
                    ? new(DiagnosticCheckNames.Bot, DiagnosticStatus.Ok, $"website {found.Id} '{found.Name}' ({found.Domain})")
                    : new(DiagnosticCheckNames.Bot, DiagnosticStatus.Fail, $"website id '{botId}' is not among the account's {list.Count} website(s)",
                        "Check DefaultBotId (--bot-id): use an id from GET websites/ (supportbot websites).");
            }

            context.Report(check with { Endpoint = websitesEndpoint, Latency = websites.Latency });
        }
        else
        {
            context.ReportFailure(DiagnosticCheckNames.Bot, websitesEndpoint, websites.Error!, websites.Latency);
        }
    }
}

/// <summary>ChatSupport AI: <c>GET widget/{widgetId}/config</c> checks key and widget.</summary>
internal sealed class ChatSupportAIProbe : ProviderProbe
{
    public override SupportBotProvider Provider => SupportBotProvider.ChatSupportAI;

    public override string ChatEndpoint => "POST widget/chat";

    public override string ChatContract => "chatsupportai/chat";

    public override async Task ProbeAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var widgetId = context.Options.DefaultBotId;
        if (string.IsNullOrWhiteSpace(widgetId))
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Bot, DiagnosticStatus.Fail, "no widget id configured", "Set DefaultBotId (--bot-id) to the widget id from the ChatSupport AI dashboard."));
            return;
        }

        var native = context.Client.GetNativeClient<ChatSupportAIClient>();
        var endpoint = "GET " + context.Options.ChatSupportAIWidgetConfigPath;
        var config = await context.CallAsync(DiagnosticCheckNames.Bot, endpoint, "chatsupportai/widget-config", ct => native.GetWidgetConfigAsync(widgetId, ct), cancellationToken).ConfigureAwait(false);
        if (config.Succeeded)
        {
            context.Report(KeyAccepted(endpoint, config.Latency));
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Bot, DiagnosticStatus.Ok, $"widget '{widgetId}' exists") { Endpoint = endpoint, Latency = config.Latency });
            return;
        }

        context.ReportFailure(DiagnosticCheckNames.Bot, endpoint, config.Error!, config.Latency);
        if (config.Error!.ErrorCode == SupportBotErrorCode.NotFound)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Key, DiagnosticStatus.Ok, $"accepted (the widget lookup got past authentication)") { Endpoint = endpoint, Latency = config.Latency });
        }
    }
}

/// <summary>AskIA: no key today; <c>GET bots/{id}</c> checks the bot.</summary>
internal sealed class AskIaProbe : ProviderProbe
{
    public override SupportBotProvider Provider => SupportBotProvider.AskIA;

    public override string ChatEndpoint => "POST widget/chat";

    public override string ChatContract => "askia/chat";

    public override string? KeyUncheckedReason => "AskIA needs no key (public beta API)";

    public override string QuotaUnreportedReason => "AskIA reports no quota; its limit is 100 messages an hour per bot (429)";

    public override async Task ProbeAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var botId = context.Options.DefaultBotId;
        if (string.IsNullOrWhiteSpace(botId))
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Bot, DiagnosticStatus.Fail, "no bot id configured", "Set DefaultBotId (--bot-id) to the bot id from the AskIA dashboard."));
            return;
        }

        var native = context.Client.GetNativeClient<AskIaClient>();
        const string endpoint = "GET bots/{id}";
        var bot = await context.CallAsync(DiagnosticCheckNames.Bot, endpoint, "askia/bot", ct => native.GetBotAsync(botId, ct), cancellationToken).ConfigureAwait(false);
        if (bot.Value is { } b)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Bot, DiagnosticStatus.Ok, $"bot '{botId}' ({b.Value.Name})") { Endpoint = endpoint, Latency = bot.Latency });
            if (!string.IsNullOrEmpty(context.Options.ApiKey))
            {
                context.Report(KeyAccepted(endpoint, bot.Latency));
            }
        }
        else
        {
            context.ReportFailure(DiagnosticCheckNames.Bot, endpoint, bot.Error!, bot.Latency);
        }
    }
}

/// <summary>AI Support Agent API: <c>GET v1/usage</c> checks the key and reads queries used/limit.</summary>
internal sealed class AgentApiProbe : ProviderProbe
{
    public override SupportBotProvider Provider => SupportBotProvider.AgentApi;

    public override string ChatEndpoint => "POST v1/query";

    public override string ChatContract => "agentapi/query";

    public override string? QuotaEndpoint => "GET v1/usage";

    public override string? BotUncheckedReason => "the AI Support Agent API has one agent per key; there is no bot id";

    public override async Task ProbeAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var native = context.Client.GetNativeClient<AgentApiClient>();
        const string endpoint = "GET v1/usage";
        var usage = await context.CallAsync(DiagnosticCheckNames.Key, endpoint, "agentapi/usage", native.GetUsageAsync, cancellationToken).ConfigureAwait(false);
        if (usage.Value is { } u)
        {
            context.Report(KeyAccepted(endpoint, usage.Latency));
            if (u.Value is { QueriesUsed: { } used, QueriesLimit: { } limit })
            {
                context.Quota = new QuotaUsage(used, limit, "queries");
            }
        }
        else if (usage.Error!.ErrorCode == SupportBotErrorCode.Forbidden)
        {
            // A key scoped to 'query' only is a valid key for an app that only chats.
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Key, DiagnosticStatus.Ok, "accepted; it may not read usage (HTTP 403, scope)") { Endpoint = endpoint, Latency = usage.Latency });
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Quota, DiagnosticStatus.Skipped, "the key may not read GET v1/usage", "To see quota here, use a key that may read usage."));
        }
        else
        {
            context.ReportFailure(DiagnosticCheckNames.Key, endpoint, usage.Error!, usage.Latency);
            context.Report(QuotaNotRead());
        }
    }
}
