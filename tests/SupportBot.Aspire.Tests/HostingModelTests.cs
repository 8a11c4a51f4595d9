using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using SupportBot.Aspire.Client;
using SupportBot.Client;

namespace SupportBot.Aspire.Tests;

/// <summary>The resources' connection strings, resolved without starting an application (no orchestrator).</summary>
public sealed class HostingModelTests
{
    private const string Key = "sk_live_hosting_model_secret";

    private static IResourceBuilder<SupportBotProviderResource> Provider(IDistributedApplicationBuilder builder)
    {
        builder.Configuration["Parameters:key"] = Key;
        builder.Configuration["Parameters:endpoint"] = "https://support.example.com/api/";
        builder.Configuration["Parameters:bot"] = "bot-9";
        return builder.AddSupportBotProvider(
            "support",
            SupportBotProvider.AgentApi,
            apiKey: builder.AddParameter("key", secret: true),
            endpoint: builder.AddParameter("endpoint"),
            botId: builder.AddParameter("bot"));
    }

    [Fact]
    public async Task When_running_the_connection_string_names_a_private_key_file_never_the_key()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var support = Provider(builder);

        var value = await support.Resource.ConnectionStringExpression.GetValueAsync(default);

        value.Should().NotContain(Key).And.StartWith("Endpoint=https://support.example.com/api/;Provider=AgentApi;ApiKeyFile=").And.EndWith(";BotId=bot-9");
        var parsed = SupportBotConnectionString.Parse(value, "support");
        File.ReadAllText(parsed.ApiKeyFile!).Should().Be(Key);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(parsed.ApiKeyFile!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.GetDirectoryName(parsed.ApiKeyFile!)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var options = new SupportBotClientOptions();
        parsed.ApplyTo(options);
        options.ApiKey.Should().Be(Key, "the client integration reads the key back from the file");
        Directory.Delete(Path.GetDirectoryName(parsed.ApiKeyFile!)!, recursive: true);
    }

    [Fact]
    public void In_a_published_manifest_the_key_is_the_parameter_reference()
    {
        var builder = DistributedApplication.CreateBuilder(["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "supportbot-manifest-" + Guid.NewGuid().ToString("N"))]);
        var support = Provider(builder);

        builder.ExecutionContext.IsPublishMode.Should().BeTrue();
        support.Resource.ConnectionStringExpression.ValueExpression.Should()
            .Be("Endpoint={endpoint.value};Provider=AgentApi;ApiKey={key.value};BotId={bot.value}");
    }

    [Fact]
    public void The_mock_server_is_a_resource_with_a_health_check_and_no_place_in_a_manifest()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var mock = builder.AddSupportBotMockServer("supportbot", SupportBotProvider.AISupportBot);

        mock.Resource.Provider.Should().Be(SupportBotProvider.AISupportBot);
        mock.Resource.Server.Should().BeNull("it starts with the application");
        mock.Resource.Annotations.OfType<HealthCheckAnnotation>().Should().ContainSingle();
        mock.Resource.Annotations.OfType<ManifestPublishingCallbackAnnotation>().Should().ContainSingle(a => a.Callback == null);
    }
}
