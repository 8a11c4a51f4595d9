using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests;

/// <summary>
/// Every target framework of a shipped library exposes the same public API: a difference between the .NET Framework build and
/// the .NET ones would be a member that exists for some consumers only. (Package validation checks the built assemblies too.)
/// </summary>
public sealed class PublicApiAcrossTargetsTests
{
    public static TheoryData<string> Libraries() =>
        [.. Directory.EnumerateDirectories(Path.Combine(RepositoryRoot.Find(), "src"))
            .Where(d => Directory.Exists(Path.Combine(d, "PublicAPI")))
            .Select(Path.GetFileName)
            .Select(n => n!)];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Each_target_lists_the_same_public_API(string library)
    {
        var root = Path.Combine(RepositoryRoot.Find(), "src", library, "PublicAPI");
        var targets = Directory.EnumerateDirectories(root).Select(Path.GetFileName).OrderBy(t => t, StringComparer.Ordinal).ToList();
        targets.Should().NotBeEmpty();

        var listings = targets.ToDictionary(t => t!, t => Listing(Path.Combine(root, t!)));
        foreach (var target in targets.Skip(1))
        {
            listings[target!].Should().Equal(listings[targets[0]!], $"{library}'s {target} API equals its {targets[0]} API");
        }
    }

    [Fact]
    public void The_dotnet_framework_build_is_listed_for_the_libraries_that_ship_it()
    {
        var src = Path.Combine(RepositoryRoot.Find(), "src");
        foreach (var library in new[] { "SupportBot.Client", "SupportBot.Client.Extensions", "SupportBot.Client.Diagnostics" })
        {
            Directory.Exists(Path.Combine(src, library, "PublicAPI", "net462")).Should().BeTrue($"{library} ships a net462 build");
        }
    }

    private static List<string> Listing(string folder) =>
        [.. new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" }
            .SelectMany(f => File.ReadAllLines(Path.Combine(folder, f)))
            .Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal))
            .OrderBy(l => l, StringComparer.Ordinal)];
}
