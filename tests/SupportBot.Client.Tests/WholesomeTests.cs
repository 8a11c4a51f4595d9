using System.Reflection;
using System.Text.Json.Serialization;

namespace SupportBot.Client.Tests;

/// <summary>Reflection checks over the whole assembly.</summary>
public class WholesomeTests
{
    private static readonly Assembly Sdk = typeof(SupportBotClient).Assembly;

    [Fact]
    public void Every_wire_DTO_is_registered_in_its_providers_JSON_context()
    {
        var contexts = Sdk.GetTypes().Where(t => t.IsSubclassOf(typeof(JsonSerializerContext)) && !t.IsAbstract).ToArray();
        contexts.Should().HaveCount(5);

        var missing = new List<string>();
        var checkedCount = 0;
        foreach (var context in contexts)
        {
            var ns = context.Namespace!;
            var instance = (JsonSerializerContext)context.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var dtos = Sdk.GetTypes().Where(t => t.Namespace == ns && t.IsPublic && !t.IsAbstract && !t.IsEnum && !t.Name.EndsWith("Client", StringComparison.Ordinal));
            foreach (var dto in dtos)
            {
                checkedCount++;
                if (instance.GetTypeInfo(dto) is null)
                {
                    missing.Add($"{context.Name}: {dto.Name}");
                }
            }
        }

        missing.Should().BeEmpty();
        checkedCount.Should().BeGreaterThan(30);
    }

    [Fact]
    public void Each_provider_folder_holds_its_client_adapter_profile_and_context()
    {
        foreach (var (folder, client) in new[] { ("AISupportBot", "AISupportBotClient"), ("Asyntai", "AsyntaiClient"), ("ChatSupportAI", "ChatSupportAIClient"), ("AskIA", "AskIaClient"), ("AgentApi", "AgentApiClient") })
        {
            var types = Sdk.GetTypes().Where(t => t.Namespace == $"SupportBot.Client.Providers.{folder}").Select(t => t.Name).ToArray();
            var stem = client.Substring(0, client.Length - "Client".Length);
            types.Should().Contain([client, stem + "Adapter", stem + "Profile", stem + "JsonContext"]);
        }
    }

    [Fact]
    public void Native_clients_and_SupportBotClient_are_mockable()
    {
        foreach (var type in Sdk.GetExportedTypes().Where(t => t.Name.EndsWith("Client", StringComparison.Ordinal) && t.IsClass))
        {
            type.IsSealed.Should().BeFalse($"{type.Name} must be mockable");
            type.GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, binder: null, Type.EmptyTypes, modifiers: null).Should().NotBeNull($"{type.Name} needs a protected parameterless constructor");
            type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .Where(m => m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
                .Should().OnlyContain(m => m.IsVirtual, $"{type.Name}'s async methods must be virtual");
        }
    }

    [Fact]
    public void Model_factory_builds_every_output_model()
    {
        var outputs = new[] { typeof(ChatReply), typeof(BotProfile), typeof(BotBranding), typeof(Website), typeof(ConversationTranscript), typeof(AccountUsage), typeof(TokenUsage), typeof(SourceReference) };
        var built = typeof(SupportBotModelFactory).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.ReturnType).ToHashSet();

        built.Should().Contain(outputs);
        SupportBotModelFactory.ChatReply("hi", "c1", SupportBotProvider.AgentApi, confidence: 0.2, requiresEscalation: true)
            .Should().BeEquivalentTo(new { Text = "hi", ConversationId = "c1", Provider = SupportBotProvider.AgentApi, Confidence = 0.2, RequiresEscalation = true });
    }
}
