using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SupportBot.Cli.Output;
using Command = System.CommandLine.Command;

namespace SupportBot.Cli.Commands;

/// <summary>The normalized reads: <c>bot</c>, <c>branding</c>, <c>websites</c>, <c>conversation</c>, <c>account</c>.</summary>
internal static class ReadCommands
{
    public static IEnumerable<Command> Create(CommandFactory factory)
    {
        yield return Bot(factory);
        yield return Branding(factory);
        yield return Websites(factory);
        yield return Conversation(factory);
        yield return Account(factory);
    }

    private static Command Bot(CommandFactory factory)
    {
        var command = new Command("bot", "Show the bot's profile (ChatSupport AI, AskIA). Uses --bot-id or the default bot.");
        factory.SetClientAction(command, async (context, session) =>
        {
            var bot = await session.Client.GetBotAsync(null, context.CancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(BotJson.From(bot), CliJson.Context.BotJson);
                return ExitCodes.Ok;
            }

            KeyValues(context.Output, $"{bot.Provider} bot",
                ("id", bot.Id), ("name", bot.Name), ("description", bot.Description), ("category", bot.Category),
                ("language", bot.Language), ("created", Format(bot.CreatedAt)), ("welcome message", bot.WelcomeMessage));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Branding(CommandFactory factory)
    {
        var command = new Command("branding", "Show the bot's widget branding (ChatSupport AI, AskIA). Uses --bot-id or the default bot.");
        factory.SetClientAction(command, async (context, session) =>
        {
            var b = await session.Client.GetBrandingAsync(null, context.CancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(BrandingJson.From(b), CliJson.Context.BrandingJson);
                return ExitCodes.Ok;
            }

            KeyValues(context.Output, $"{b.Provider} branding",
                ("primary color", b.PrimaryColor), ("background color", b.BackgroundColor), ("text color", b.TextColor),
                ("logo", b.LogoUrl), ("position", b.Position), ("theme", b.Theme));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Websites(CommandFactory factory)
    {
        var command = new Command("websites", "List the account's websites (Asyntai); a website id is usable as --bot-id.");
        factory.SetClientAction(command, async (context, session) =>
        {
            var websites = await session.Client.GetWebsitesAsync(context.CancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(
                    new WebsitesJson(session.Provider.ToString(), [.. websites.Select(w => new WebsiteJson(w.Id, w.Name, w.Domain, w.IsPrimary))]),
                    CliJson.Context.WebsitesJson);
                return ExitCodes.Ok;
            }

            var table = new Table().Title($"{session.Provider} websites").AddColumns("id", "name", "domain", "primary");
            foreach (var w in websites)
            {
                table.AddRow(Cell(w.Id), Cell(w.Name), Cell(w.Domain), Cell(w.IsPrimary ? "yes" : "no"));
            }

            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Conversation(CommandFactory factory)
    {
        var id = new Argument<string>("id") { Description = "The conversation id (ChatReply.ConversationId; Asyntai session id)." };
        var limit = new Option<int?>("--limit", "-l") { Description = "At most this many messages (Asyntai: 1–100, server default 50).", HelpName = "n" };
        var command = new Command("conversation", "Show a conversation's transcript (AISupportBot: this process's conversations only; Asyntai; AgentApi).")
        {
            id,
            limit,
        };
        factory.SetClientAction(command, async (context, session) =>
        {
            var transcript = await session.Client.GetConversationAsync(
                context.ParseResult.GetValue(id)!, context.ParseResult.GetValue(limit), context.CancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ConversationJson.From(transcript), CliJson.Context.ConversationJson);
                return ExitCodes.Ok;
            }

            var table = new Table()
                .Title($"{transcript.Provider} conversation {Markup.Escape(transcript.ConversationId)} ({transcript.Messages.Count} messages)")
                .AddColumns("#", "role", "time", "content");
            var n = 0;
            foreach (var m in transcript.Messages)
            {
                n++;
                table.AddRow(Cell(n.ToString(CultureInfo.InvariantCulture)), Cell(m.Role.Value), Cell(Format(m.Timestamp)), Cell(m.Content));
            }

            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Account(CommandFactory factory)
    {
        var command = new Command("account", "Show the account's plan and usage (Asyntai, AgentApi).");
        factory.SetClientAction(command, async (context, session) =>
        {
            var a = await session.Client.GetAccountAsync(context.CancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(AccountJson.From(a), CliJson.Context.AccountJson);
                return ExitCodes.Ok;
            }

            KeyValues(context.Output, $"{a.Provider} account",
                ("email", a.Email), ("plan", a.Plan), ("messages used", Format(a.MessagesUsed)), ("messages limit", Format(a.MessagesLimit)),
                ("messages remaining", Format(a.MessagesRemaining)), ("period start", Format(a.PeriodStart)), ("period end", Format(a.PeriodEnd)));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void KeyValues(CliOutput output, string title, params (string Key, string? Value)[] rows)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("field", "value");
        foreach (var (key, value) in rows)
        {
            table.AddRow(Cell(key), Cell(value ?? "—"));
        }

        output.Console.Write(table);
    }

    internal static Text Cell(string? text) => new(text ?? string.Empty);

    private static string? Format(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) is { } s && value.Value.Offset == TimeSpan.Zero
        ? s
        : value?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string? Format(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
