using SupportBot.Aspire.Client;
using SupportBot.Client;

namespace SupportBot.Aspire.Tests;

/// <summary>The connection string format: what it accepts, and the exact error for each malformed part.</summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void Parses_every_part_case_insensitively_with_a_trailing_separator()
    {
        var cs = SupportBotConnectionString.Parse("endpoint=https://support.example.com/api/; PROVIDER=agentapi ;ApiKey=sk_test_1;BotId=bot-7;");

        cs.Endpoint.Should().Be(new Uri("https://support.example.com/api/"));
        cs.Provider.Should().Be(SupportBotProvider.AgentApi);
        cs.ApiKey.Should().Be("sk_test_1");
        cs.ApiKeyFile.Should().BeNull();
        cs.BotId.Should().Be("bot-7");
    }

    [Fact]
    public void ToString_masks_the_key_and_keeps_the_rest()
    {
        var cs = SupportBotConnectionString.Parse("Endpoint=https://support.example.com/api/;Provider=AgentApi;ApiKey=sk_secret_value;BotId=b1");

        cs.ToString().Should().Be("Endpoint=https://support.example.com/api/;Provider=AgentApi;ApiKey=***;BotId=b1");
    }

    [Theory]
    [InlineData("", "The SupportBot connection string 'supportbot' is empty.")]
    [InlineData("Endpoint=https://x.example/;Provider=AgentApi;sk_live_pasted_without_name", "The SupportBot connection string 'supportbot' is malformed: part 3 is not 'Key=Value'.")]
    [InlineData("Endpiont=https://x.example/;Provider=AgentApi", "The SupportBot connection string 'supportbot' is malformed: unknown key 'Endpiont' (known keys: Endpoint, Provider, ApiKey, ApiKeyFile, BotId).")]
    [InlineData("Provider=AgentApi;provider=Asyntai", "The SupportBot connection string 'supportbot' is malformed: Provider is given more than once.")]
    [InlineData("Provider=AgentApi;BotId=", "The SupportBot connection string 'supportbot' is malformed: BotId is empty.")]
    [InlineData("Endpoint=https://x.example/", "The SupportBot connection string 'supportbot' is malformed: Provider is missing (one of AISupportBot, Asyntai, ChatSupportAI, AskIA, AgentApi).")]
    [InlineData("Provider=OpenAI", "The SupportBot connection string 'supportbot' is malformed: Provider 'OpenAI' is not one of AISupportBot, Asyntai, ChatSupportAI, AskIA, AgentApi.")]
    [InlineData("Provider=4", "The SupportBot connection string 'supportbot' is malformed: Provider '4' is not one of AISupportBot, Asyntai, ChatSupportAI, AskIA, AgentApi.")]
    [InlineData("Endpoint=support.example.com/api;Provider=AgentApi", "The SupportBot connection string 'supportbot' is malformed: Endpoint 'support.example.com/api' is not an absolute http or https address.")]
    [InlineData("Endpoint=ftp://support.example.com/;Provider=AgentApi", "The SupportBot connection string 'supportbot' is malformed: Endpoint 'ftp://support.example.com/' is not an absolute http or https address.")]
    [InlineData("Provider=AgentApi;ApiKey=sk_1;ApiKeyFile=/run/key", "The SupportBot connection string 'supportbot' is malformed: ApiKey and ApiKeyFile are both given; give one.")]
    public void A_malformed_string_is_a_FormatException_naming_the_wrong_part(string connectionString, string message)
    {
        var parse = () => SupportBotConnectionString.Parse(connectionString, "supportbot");

        parse.Should().Throw<FormatException>().Which.Message.Should().Be(message);
    }

    [Fact]
    public void No_error_message_repeats_a_key_value()
    {
        // A key pasted where a part belongs, or beside ApiKeyFile: the message names the part, not the value.
        foreach (var bad in new[] { "Provider=AgentApi;sk_live_SECRET", "Provider=AgentApi;ApiKey=sk_live_SECRET;ApiKeyFile=/k", "Provider=Nope;ApiKey=sk_live_SECRET" })
        {
            var parse = () => SupportBotConnectionString.Parse(bad);
            parse.Should().Throw<FormatException>().Which.Message.Should().NotContain("SECRET");
        }
    }

    [Fact]
    public void ApplyTo_reads_the_key_from_ApiKeyFile_and_sets_the_other_options()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "ask_from_file\n");
            var options = new SupportBotClientOptions();

            SupportBotConnectionString.Parse($"Endpoint=http://127.0.0.1:5080/aisupportbot/;Provider=AISupportBot;ApiKeyFile={file};BotId=asst-1").ApplyTo(options);

            options.Provider.Should().Be(SupportBotProvider.AISupportBot);
            options.BaseAddress.Should().Be(new Uri("http://127.0.0.1:5080/aisupportbot/"));
            options.ApiKey.Should().Be("ask_from_file");
            options.DefaultBotId.Should().Be("asst-1");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ApplyTo_with_a_missing_key_file_says_which_file()
    {
        var missing = Path.Combine(Path.GetTempPath(), "supportbot-missing-" + Guid.NewGuid().ToString("N"), "key");
        var apply = () => SupportBotConnectionString.Parse($"Provider=AgentApi;ApiKeyFile={missing}").ApplyTo(new SupportBotClientOptions());

        apply.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain(missing).And.Contain("ApiKeyFile");
    }
}
