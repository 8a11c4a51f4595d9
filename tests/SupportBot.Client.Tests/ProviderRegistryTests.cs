using SupportBot.Client.Internal;

namespace SupportBot.Client.Tests;

/// <summary>One descriptor per provider, registered once; everything provider-specific is read from it.</summary>
public sealed class ProviderRegistryTests
{
    [Fact]
    public void Every_provider_is_registered_exactly_once()
    {
        ProviderRegistry.All.Select(p => p.Provider).Should().BeEquivalentTo(Enum.GetValues<SupportBotProvider>());
        ProviderRegistry.All.Select(p => p.Provider).Should().OnlyHaveUniqueItems();
    }

    public static TheoryData<SupportBotProvider> Providers() => new(Enum.GetValues<SupportBotProvider>());

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_registered_provider_has_every_part(SupportBotProvider provider)
    {
        var profile = ProviderRegistry.For(provider);
        profile.Provider.Should().Be(provider);
        profile.Capabilities.Chat.Should().BeTrue("chat is the one operation every provider has");
        ProviderCapabilities.For(provider).Should().BeSameAs(profile.Capabilities);
        profile.AuthHeaders.Should().NotBeEmpty();
        profile.Capabilities.InferredOperations.Where(op => !profile.Capabilities.Supports(op)).Should().BeEmpty();

        // The folder convention: Providers/<Name>/ holds the profile, the adapter, the native client, the Refit interface and the JSON context.
        var ns = profile.GetType().Namespace!;
        ns.Should().StartWith("SupportBot.Client.Providers.");
        var types = typeof(SupportBotClient).Assembly.GetTypes().Where(t => t.Namespace == ns).ToList();
        types.Should().Contain(t => typeof(ProviderAdapter).IsAssignableFrom(t), "the adapter");
        types.Should().Contain(t => t.IsPublic && t.Name.EndsWith("Client", StringComparison.Ordinal), "the public native client");
        types.Should().Contain(t => t.IsInterface && t.Name.StartsWith('I') && t.Name.EndsWith("Api", StringComparison.Ordinal), "the Refit interface");
        types.Should().Contain(t => typeof(System.Text.Json.Serialization.JsonSerializerContext).IsAssignableFrom(t), "the JSON context");

        using var client = new SupportBotClient(new HttpClient(), Infrastructure.TestClients.Options(provider));
        client.Provider.Should().Be(provider);
        client.Capabilities.Should().Be(profile.Capabilities);
    }

    [Fact]
    public void No_code_outside_the_provider_folders_switches_over_providers()
    {
        // Every shipped package (each folder under src/), not only the client: the testing package, the mock server, the
        // diagnostics, the extensions and the CLI keep their provider data in Providers/ too.
        var root = Infrastructure.RepositoryRoot.Find();
        var projects = Directory.EnumerateDirectories(Path.Combine(root, "src")).ToList();
        projects.Select(Path.GetFileName).Should().Contain(["SupportBot.Client", "SupportBot.Client.Testing", "SupportBot.MockServer", "SupportBot.Client.Diagnostics"]);
        var offenders = projects.SelectMany(p => Directory.EnumerateFiles(p, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Providers{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.EndsWith("ProviderRegistry.cs", StringComparison.Ordinal))
            .Where(f => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(f), @"SupportBotProvider\.\w+\s*=>|case\s+SupportBotProvider\."))
            .Select(f => Path.GetRelativePath(root, f));
        offenders.Should().BeEmpty("provider-specific behaviour lives in the provider's descriptor (Providers/<Name>/)");
    }
}
