namespace SupportBot.Client.Extensions.Tests.ChatClient;

/// <summary>
/// An app that uses the IChatClient adapter imports both namespaces: no exported type of ours may share a name with one of
/// Microsoft.Extensions.AI's, or `using SupportBot.Client; using Microsoft.Extensions.AI;` gives CS0104 ambiguous references.
/// </summary>
public sealed class NamesBesideTheEcosystemTests
{
    [Fact]
    public void No_exported_type_shares_a_name_with_Microsoft_Extensions_AI()
    {
        var theirs = typeof(Microsoft.Extensions.AI.IChatClient).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var ours = new[] { typeof(SupportBotClient).Assembly, typeof(SupportBotChatClientExtensions).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsNested)
            .ToList();

        ours.Should().NotBeEmpty();
        ours.Where(t => theirs.Contains(t.Name)).Select(t => t.FullName).Should().BeEmpty();
        theirs.Should().Contain(["ChatMessage", "ChatRole"], "the names this test exists for");
    }
}
