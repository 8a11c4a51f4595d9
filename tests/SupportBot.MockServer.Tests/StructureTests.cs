using System.Text.RegularExpressions;
using SupportBot.Client;
using SupportBot.MockServer.Providers;

namespace SupportBot.MockServer.Tests;

/// <summary>
/// One endpoints type per provider, registered once: nothing outside <c>Providers/&lt;Name&gt;/</c> names a provider,
/// so adding a sixth provider is one new folder plus one line in <see cref="ProviderRegistry"/>.
/// </summary>
public sealed partial class StructureTests
{
    [GeneratedRegex(@"SupportBotProvider\.(?<name>[A-Za-z]+)")]
    private static partial Regex ProviderMember();

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SupportBot.Client.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [Fact]
    public void Every_provider_has_exactly_one_registered_endpoints_type_with_its_own_prefix()
    {
        ProviderRegistry.All.Select(p => p.Provider).Should().BeEquivalentTo(Enum.GetValues<SupportBotProvider>());
        ProviderRegistry.All.Select(p => p.Provider).Should().OnlyHaveUniqueItems();
        ProviderRegistry.All.Select(p => p.Prefix).Should().OnlyHaveUniqueItems();
        ProviderRegistry.All.Should().AllSatisfy(p => p.Prefix.Should().EndWith("/").And.NotStartWith("/"));
        foreach (var endpoints in ProviderRegistry.All)
        {
            SupportBotMockServer.PrefixFor(endpoints.Provider).Should().Be(endpoints.Prefix);
            endpoints.GetType().Namespace.Should().EndWith("." + endpoints.GetType().Name.Replace("Endpoints", string.Empty, StringComparison.Ordinal).Replace("AskIa", "AskIA", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void No_code_outside_a_provider_folder_names_a_provider()
    {
        var src = Path.Combine(RepoRoot(), "src", "SupportBot.MockServer");
        var providers = Path.Combine(src, "Providers");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(file)!;
            var ownProvider = Path.GetDirectoryName(folder) == providers ? Path.GetFileName(folder) : null;
            var text = File.ReadAllText(file);
            foreach (Match m in ProviderMember().Matches(text))
            {
                if (!string.Equals(m.Groups["name"].Value, ownProvider, StringComparison.Ordinal))
                {
                    offenders.Add($"{Path.GetRelativePath(src, file)}: {m.Value}");
                }
            }

            if (ownProvider is null && Regex.IsMatch(text, @"switch\s*\(?\s*\w*[pP]rovider\b"))
            {
                offenders.Add($"{Path.GetRelativePath(src, file)}: switch over a provider");
            }
        }

        offenders.Should().BeEmpty("provider-specific code lives in Providers/<Name>/ only (issue 13)");
    }
}
