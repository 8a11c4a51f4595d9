using System.Text.Json.Nodes;
using SupportBot.Cli.Tests.Infrastructure;

namespace SupportBot.Cli.Tests;

/// <summary><c>supportbot contracts export</c> writes the OpenAPI documents of contracts/openapi as they are.</summary>
public sealed class ContractsCommandTests : IDisposable
{
    private static readonly string[] Files = ["aisupportbot.yaml", "asyntai.yaml", "chatsupportai.yaml", "askia.yaml", "agentapi.yaml"];

    private readonly TempFolder _temp = new("supportbot-contracts");

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Export_writes_every_providers_document_as_in_the_repository()
    {
        var result = await CliRun.RunAsync("contracts", "export", "--output", Folder);

        result.ExitCode.Should().Be(0, result.ToString());
        Directory.GetFiles(Folder).Select(Path.GetFileName).Should().BeEquivalentTo(Files);
        foreach (var file in Files)
        {
            File.ReadAllBytes(Path.Combine(Folder, file)).Should().Equal(File.ReadAllBytes(Path.Combine(RepoRoot(), "contracts", "openapi", file)), file);
            result.Out.Should().Contain(Path.Combine(Folder, file));
        }
    }

    [Fact]
    public async Task Export_of_one_provider_writes_one_document_and_reports_it_as_json()
    {
        var result = await CliRun.RunAsync("contracts", "export", "--provider", "AgentApi", "--output", Folder, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        Directory.GetFiles(Folder).Select(Path.GetFileName).Should().Equal("agentapi.yaml");
        var json = JsonNode.Parse(result.Out)!;
        ((string?)json["documents"]![0]!["provider"]).Should().Be("AgentApi");
        ((string?)json["documents"]![0]!["path"]).Should().Be(Path.Combine(Folder, "agentapi.yaml"));
        File.ReadAllText(Path.Combine(Folder, "agentapi.yaml")).Should().StartWith("openapi: 3.1");
    }

    [Fact]
    public async Task Export_to_a_path_that_is_a_file_fails_with_one_line()
    {
        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var result = await CliRun.RunAsync("contracts", "export", "--output", file);

        result.ExitCode.Should().NotBe(0);
        result.ShouldHaveNoStackTrace();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.Client.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SupportBot.Client.sln not found above " + AppContext.BaseDirectory);
    }
}
