using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SupportBot.Packaging.Tests;

/// <summary>
/// The consumer test: pack the shipped packages, then use them only through a package feed, the way a consumer does —
/// inspect the .nupkg files, build a fresh console app that adds the packages with <c>dotnet add package</c> and talks
/// to the packaged mock server through DI, and install and run the <c>supportbot</c> tool.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackageConsumerTests(PackagingFixture fixture) : IClassFixture<PackagingFixture>
{
    private const string Question = "How do I reset my password?";
    private const string KnownAnswer = "To reset your password";

    [Fact]
    public void Pack_at_the_repository_root_succeeds_and_produces_one_package_per_shipped_project_with_the_requested_version()
    {
        // `dotnet pack -c Release` with no project argument, at the root of a copy of the whole repository: the
        // solution's samples, tests and benchmarks are skipped, not failed.
        fixture.Pack.CommandLine.Should().StartWith("dotnet pack -c Release", "the documented command packs the solution at the root");
        fixture.Pack.Succeeded.Should().BeTrue(fixture.Pack.ToString());
        var produced = Directory.EnumerateFiles(fixture.Feed, "*.nupkg").Select(Path.GetFileName).ToList();
        produced.Should().BeEquivalentTo(
            PackagingFixture.PackedProjects.Select(p => $"{p.PackageId}.{fixture.Version}.nupkg"),
            "only the shipped libraries and the tool are packable; tests and samples are not (pack output:\n{0})",
            fixture.Pack);
    }

    [Theory]
    [InlineData("SupportBot.Client")]
    [InlineData("SupportBot.Client.Extensions")]
    [InlineData("SupportBot.Client.Testing")]
    [InlineData("SupportBot.Client.Diagnostics")]
    [InlineData("SupportBot.Client.Redis")]
    [InlineData("SupportBot.Aspire.Client")]
    public void Library_packages_carry_their_target_frameworks_with_xml_docs_and_the_readme(string packageId)
    {
        using var package = OpenPackage(packageId);
        var entries = EntryNames(package);

        // .NET Framework too, except for the Testing package (WireMock.Net's .NET Framework dependencies do not restore here) and
        // the Aspire client (an Aspire service is a .NET app).
        foreach (var tfm in packageId is "SupportBot.Client.Testing" or "SupportBot.Aspire.Client" ? new[] { "net8.0", "net10.0" } : new[] { "net8.0", "net10.0", "net462" })
        {
            entries.Should().Contain($"lib/{tfm}/{packageId}.dll");
            entries.Should().Contain($"lib/{tfm}/{packageId}.xml", "IntelliSense needs the XML doc file next to the assembly");
            ReadEntry(package, $"lib/{tfm}/{packageId}.xml").Should().Contain("<member name=\"T:", "the XML doc file documents the public types");
        }

        entries.Should().NotContain(e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith(".pdb", StringComparison.Ordinal));
        AssertReadmeAtRoot(package, entries, $"# {packageId}");
    }

    [Fact]
    public void MockServer_package_targets_net10_with_docs_readme_and_the_aspnetcore_framework_reference()
    {
        using var package = OpenPackage("SupportBot.MockServer");
        var entries = EntryNames(package);

        entries.Should().Contain("lib/net10.0/SupportBot.MockServer.dll").And.Contain("lib/net10.0/SupportBot.MockServer.xml");
        AssertReadmeAtRoot(package, entries, "# SupportBot.MockServer");

        var metadata = Metadata(package);
        metadata.Descendants(Nuspec(metadata, "frameworkReference")).Select(e => (string?)e.Attribute("name"))
            .Should().Contain("Microsoft.AspNetCore.App", "the mock server is hosted on ASP.NET Core");
        Dependencies(metadata, "net10.0").Should().Contain(new KeyValuePair<string, string>("SupportBot.Client", fixture.Version));
    }

    [Theory]
    [InlineData("SupportBot.Client")]
    [InlineData("SupportBot.Client.Extensions")]
    [InlineData("SupportBot.MockServer")]
    [InlineData("SupportBot.Client.Testing")]
    [InlineData("SupportBot.Client.Diagnostics")]
    [InlineData("SupportBot.Cli")]
    public void Every_package_has_complete_nuspec_metadata(string packageId)
    {
        using var package = OpenPackage(packageId);
        var metadata = Metadata(package);

        Value(metadata, "id").Should().Be(packageId);
        Value(metadata, "version").Should().Be(fixture.Version);
        Value(metadata, "description").Should().NotBeNullOrWhiteSpace().And.NotBe("Package Description", "the SDK's placeholder is not a description");
        Value(metadata, "authors").Should().NotBeNullOrWhiteSpace();
        Value(metadata, "projectUrl").Should().StartWith("https://");
        Value(metadata, "tags").Should().Contain("support");
        Value(metadata, "readme").Should().Be("README.md");

        var license = metadata.Element(Nuspec(metadata, "license"));
        license.Should().NotBeNull("a license must be declared");
        ((string?)license!.Attribute("type")).Should().Be("expression");
        license.Value.Should().Be("MIT");

        var repository = metadata.Element(Nuspec(metadata, "repository"));
        repository.Should().NotBeNull("the package links to its source repository");
        ((string?)repository!.Attribute("type")).Should().Be("git");
        ((string?)repository.Attribute("url")).Should().StartWith("https://");
    }

    public static TheoryData<string> PackageIds => new(PackagingFixture.PackedProjects.Select(p => p.PackageId));

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Every_package_carries_its_own_readme_with_absolute_links_only_that_resolve_in_the_repository(string packageId)
    {
        using var package = OpenPackage(packageId);
        var readme = ReadEntry(package, "README.md");
        var project = PackagingFixture.PackedProjects.Single(p => p.PackageId == packageId).Project;
        var source = Path.Combine(fixture.RepositoryRoot, Path.GetDirectoryName(project)!, "README.md");

        File.Exists(source).Should().BeTrue($"{packageId} has its own README next to its project file");
        readme.Should().Be(File.ReadAllText(source), "the package carries its project's README");
        readme.Should().NotBe(File.ReadAllText(Path.Combine(fixture.RepositoryRoot, "README.md")), "the repository README is not a package README");
        readme.Should().StartWith($"# {packageId}");

        // A package page (the package gallery, an IDE) shows the README without the repository around it: a relative link is dead
        // there. Every link must be absolute http(s); links into this repository must name a file or folder that exists.
        var repositoryUrl = (Value(Metadata(package), "projectUrl") ?? "").TrimEnd('/');
        repositoryUrl.Should().StartWith("https://");
        var links = MarkdownLinks(readme);
        links.Should().NotBeEmpty("a package README links to the documentation");
        foreach (var link in links)
        {
            var absolute = Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";
            absolute.Should().BeTrue($"the link '{link}' in {packageId}'s README must be absolute (https://…) to work on a package page");
            foreach (var prefix in new[] { $"{repositoryUrl}/blob/main/", $"{repositoryUrl}/tree/main/" })
            {
                if (link.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var relative = Uri.UnescapeDataString(link[prefix.Length..].Split('#')[0]);
                    var target = Path.Combine(fixture.RepositoryRoot, relative);
                    (File.Exists(target) || Directory.Exists(target)).Should().BeTrue($"'{link}' in {packageId}'s README points at {relative}, which exists in the repository");
                }
            }
        }
    }

    [Fact]
    public void Readme_link_check_finds_relative_links_outside_code_only()
    {
        const string markdown = """
            See [docs](docs/a.md), ![logo](img/logo.png), [home](https://example.com/x "title"), <a href="../b.md">b</a>.

            [ref]: ../c.md

            ```csharp
            var x = list[0](y);   // [not](a-link)
            ```
            And `[code](span.md)` is not a link either.
            """;

        MarkdownLinks(markdown).Should().Equal("docs/a.md", "img/logo.png", "https://example.com/x", "../c.md", "../b.md");
    }

    /// <summary>The targets of inline links and images, reference definitions and HTML href/src, outside code.</summary>
    private static List<string> MarkdownLinks(string markdown)
    {
        var text = Regex.Replace(markdown, @"^[ \t]*```.*?^[ \t]*```[^\n]*$", "", RegexOptions.Multiline | RegexOptions.Singleline);
        text = Regex.Replace(text, "`[^`\n]*`", "");
        var links = new List<string>();
        links.AddRange(Regex.Matches(text, @"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)").Select(m => m.Groups[1].Value));
        links.AddRange(Regex.Matches(text, @"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", RegexOptions.Multiline).Select(m => m.Groups[1].Value));
        links.AddRange(Regex.Matches(text, @"(?:href|src)\s*=\s*[""']([^""']+)[""']", RegexOptions.IgnoreCase).Select(m => m.Groups[1].Value));
        return links;
    }

    [Fact]
    public void Testing_package_embeds_every_contract_mapping_and_depends_on_the_client_and_WireMock_Net()
    {
        using var package = OpenPackage("SupportBot.Client.Testing");
        var metadata = Metadata(package);
        var mappingFiles = Directory.EnumerateFiles(Path.Combine(fixture.RepositoryRoot, "contracts", "wiremock"), "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "mappings")
            .Select(f => Path.GetRelativePath(Path.Combine(fixture.RepositoryRoot, "contracts", "wiremock"), f).Replace('\\', '/'))
            .ToList();
        mappingFiles.Should().NotBeEmpty();

        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            // WireMock.Net, plus three of its dependencies at the lowest served versions (its own lower bounds are not served: NU1603).
            var expected = new Dictionary<string, string>(Central("WireMock.Net", "Scriban.Signed", "NJsonSchema", "OpenTelemetry.Exporter.OpenTelemetryProtocol"))
            {
                ["SupportBot.Client"] = fixture.Version,
            };
            Dependencies(metadata, tfm).Should().BeEquivalentTo(expected, "target framework {0}", tfm);

            using var dll = new MemoryStream();
            using (var entry = package.GetEntry($"lib/{tfm}/SupportBot.Client.Testing.dll")!.Open())
            {
                entry.CopyTo(dll);
            }

            dll.Position = 0;
            using var pe = new System.Reflection.PortableExecutable.PEReader(dll);
            var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            var resources = reader.ManifestResources.Select(h => reader.GetString(reader.GetManifestResource(h).Name)).ToList();
            resources.Select(r => r.Replace('\\', '/')).Should().BeEquivalentTo(
                mappingFiles.Select(f => "SupportBot.Client.Testing.Contracts/" + f),
                "the package carries every contracts/wiremock mapping, as the one source of truth");
        }
    }

    [Fact]
    public void Diagnostics_package_depends_on_the_client_health_checks_and_options_only()
    {
        using var package = OpenPackage("SupportBot.Client.Diagnostics");
        var metadata = Metadata(package);

        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            var expected = new Dictionary<string, string>(Central("Microsoft.Extensions.Diagnostics.HealthChecks", "Microsoft.Extensions.Options"))
            {
                ["SupportBot.Client"] = fixture.Version,
            };
            Dependencies(metadata, tfm).Should().BeEquivalentTo(expected, "no WireMock.Net in production apps (target framework {0})", tfm);
        }

        Dependencies(metadata, ".NETFramework4.6.2").Should().BeEquivalentTo(new Dictionary<string, string>(Central("Microsoft.Extensions.Diagnostics.HealthChecks", "Microsoft.Extensions.Options"))
        {
            ["SupportBot.Client"] = fixture.Version,
        });
    }

    [Fact]
    public void Redis_package_depends_on_the_same_extensions_version_and_StackExchange_Redis_only()
    {
        using var package = OpenPackage("SupportBot.Client.Redis");
        var metadata = Metadata(package);

        foreach (var tfm in new[] { "net8.0", "net10.0", ".NETFramework4.6.2" })
        {
            var expected = new Dictionary<string, string>(Central("StackExchange.Redis"))
            {
                ["SupportBot.Client.Extensions"] = fixture.Version,
            };
            Dependencies(metadata, tfm).Should().BeEquivalentTo(expected, "target framework {0}", tfm);
        }
    }

    [Fact]
    public void Client_package_depends_on_refit_polly_rate_limiting_and_logging_at_the_central_versions_for_both_frameworks()
    {
        using var package = OpenPackage("SupportBot.Client");
        var metadata = Metadata(package);

        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            Dependencies(metadata, tfm).Should().BeEquivalentTo(Central(
                "Refit", "Polly.Core", "System.Threading.RateLimiting", "Microsoft.Extensions.Logging.Abstractions"), "target framework {0}", tfm);
        }

        // .NET Framework: what the framework lacks, at versions that resolve exactly (Refit's System.Net.Http.Json range would not).
        Dependencies(metadata, ".NETFramework4.6.2").Should().BeEquivalentTo(Central(
            "Refit", "Polly.Core", "System.Threading.RateLimiting", "Microsoft.Extensions.Logging.Abstractions",
            "System.Text.Json", "Microsoft.Bcl.TimeProvider", "System.Net.Http.Json"));
    }

    [Fact]
    public void Extensions_package_depends_on_the_same_client_version_and_the_di_http_resilience_options_ai_packages()
    {
        using var package = OpenPackage("SupportBot.Client.Extensions");
        var metadata = Metadata(package);

        var expected = new Dictionary<string, string>(Central(
            "Microsoft.Extensions.DependencyInjection.Abstractions",
            "Microsoft.Extensions.Http",
            "Microsoft.Extensions.Http.Resilience",
            "Microsoft.Extensions.Options.ConfigurationExtensions",
            "Microsoft.Extensions.AI.Abstractions"))
        {
            ["SupportBot.Client"] = fixture.Version,
        };
        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            Dependencies(metadata, tfm).Should().BeEquivalentTo(expected, "target framework {0}", tfm);
        }

        // .NET Framework: no Microsoft.Extensions.Http.Resilience (it declares .NET Framework untested); the core's handler hosts the strategies.
        expected.Remove("Microsoft.Extensions.Http.Resilience");
        Dependencies(metadata, ".NETFramework4.6.2").Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Cli_package_is_a_dotnet_tool_named_supportbot_with_its_own_readme()
    {
        using var package = OpenPackage("SupportBot.Cli");
        var entries = EntryNames(package);
        var metadata = Metadata(package);

        metadata.Descendants(Nuspec(metadata, "packageType")).Select(e => (string?)e.Attribute("name")).Should().Contain("DotnetTool");
        entries.Should().Contain("tools/net10.0/any/supportbot.dll").And.Contain("tools/net10.0/any/DotnetToolSettings.xml");
        ReadEntry(package, "tools/net10.0/any/DotnetToolSettings.xml").Should().Contain("Name=\"supportbot\"");
        AssertReadmeAtRoot(package, entries, "# SupportBot.Cli");
    }

    [Fact]
    public async Task Fresh_console_app_adds_the_packages_from_the_feed_registers_the_client_with_DI_and_chats_with_the_packaged_mock_server()
    {
        fixture.Pack.Succeeded.Should().BeTrue(fixture.Pack.ToString());
        var app = await NewConsumerFolderAsync("consumer");
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), $$"""
            using Microsoft.Extensions.DependencyInjection;
            using SupportBot.Client;
            using SupportBot.MockServer;

            await using var mock = await SupportBotMockServer.StartAsync();
            var demo = mock.CreateOptions(SupportBotProvider.AgentApi);

            var services = new ServiceCollection();
            services.AddSupportBotClient(o =>
            {
                o.Provider = demo.Provider;
                o.ApiKey = demo.ApiKey;
                o.BaseAddress = demo.BaseAddress;
                o.DefaultBotId = demo.DefaultBotId;
            });
            await using var provider = services.BuildServiceProvider();

            var client = provider.GetRequiredService<ISupportBotClient>();
            var reply = await client.ChatAsync(new ChatRequest("{{Question}}"));
            Console.WriteLine($"provider: {client.Provider}");
            Console.WriteLine($"answer: {reply.Text}");
            return reply.RequiresEscalation ? 3 : 0;
            """);

        var addExtensions = await ProcessRunner.DotnetAsync(app, "add", "package", "SupportBot.Client.Extensions", "--version", fixture.Version, "--source", fixture.Feed);
        addExtensions.Succeeded.Should().BeTrue(addExtensions.ToString());
        var addMock = await ProcessRunner.DotnetAsync(app, "add", "package", "SupportBot.MockServer", "--version", fixture.Version, "--source", fixture.Feed);
        addMock.Succeeded.Should().BeTrue(addMock.ToString());

        // SupportBot.Client came in transitively, at the version just packed (not from a cache of another build).
        var assets = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"));
        assets.Should().Contain($"\"SupportBot.Client/{fixture.Version}\"");

        var run = await ProcessRunner.DotnetAsync(app, "run");
        run.Succeeded.Should().BeTrue(run.ToString());
        run.StandardOutput.Should().Contain("provider: AgentApi", run.ToString()).And.Contain("answer: " + KnownAnswer, run.ToString());
    }

    [Fact]
    public async Task Fresh_test_project_on_the_Testing_package_restores_with_no_NU1xxx_warning()
    {
        fixture.Pack.Succeeded.Should().BeTrue(fixture.Pack.ToString());
        var app = await NewConsumerFolderAsync("test-consumer");
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.Tests.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SupportBot.Client.Testing" Version="{{fixture.Version}}" />
              </ItemGroup>
            </Project>
            """);

        var restore = await ProcessRunner.DotnetAsync(app, "restore", "--force");

        restore.Succeeded.Should().BeTrue(restore.ToString());
        restore.StandardOutput.Should().NotMatchRegex(@"warning NU1\d{3}", restore.ToString());
        var assets = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"));
        assets.Should().NotMatchRegex("\"code\":\\s*\"NU1\\d{3}\"", "the restore logged no NuGet dependency warning");
    }

    [Fact]
    public async Task Cli_tool_installs_from_the_feed_and_answers_offline_against_the_embedded_mock()
    {
        fixture.Pack.Succeeded.Should().BeTrue(fixture.Pack.ToString());
        var toolPath = fixture.NewFolder("tools");

        var install = await ProcessRunner.DotnetAsync(
            fixture.WorkRoot, "tool", "install", "--tool-path", toolPath, "--add-source", fixture.Feed, "SupportBot.Cli", "--version", fixture.Version);
        install.Succeeded.Should().BeTrue(install.ToString());

        var supportbot = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "supportbot.exe" : "supportbot");
        File.Exists(supportbot).Should().BeTrue($"the tool command shim should exist after install:\n{install}");

        var ask = await ProcessRunner.RunAsync(supportbot, ["--mock", "ask", Question], fixture.WorkRoot);
        ask.Succeeded.Should().BeTrue(ask.ToString());
        ask.StandardOutput.Should().Contain(KnownAnswer, ask.ToString());

        var version = await ProcessRunner.RunAsync(supportbot, ["--version"], fixture.WorkRoot);
        version.Succeeded.Should().BeTrue(version.ToString());
        version.StandardOutput.Should().Contain(fixture.Version, "the installed tool is the one just packed");

        var help = await ProcessRunner.RunAsync(supportbot, ["--help"], fixture.WorkRoot);
        help.Succeeded.Should().BeTrue(help.ToString());
        foreach (var command in new[] { "chat", "ask", "eval", "mock", "capabilities" })
        {
            help.StandardOutput.Should().Contain(command, help.ToString());
        }
    }

    /// <summary>
    /// A .NET Framework 4.8 console app takes SupportBot.Client.Extensions from the feed (its net462 build), registers the client with
    /// <c>AddSupportBotClient</c> and chats, under Mono, with the mock server that the installed <c>supportbot mock</c> hosts in
    /// another process. Its build treats warnings as errors: a consumer restores and builds clean.
    /// </summary>
    [Fact]
    public async Task Net48_console_app_from_the_feed_chats_through_DI_with_the_mock_server_under_Mono()
    {
        fixture.Pack.Succeeded.Should().BeTrue(fixture.Pack.ToString());
        var mono = FindOnPath("mono");
        mono.Should().NotBeNull("the .NET Framework consumer runs under Mono here (.ci/run installs Debian's mono-complete)");

        var toolPath = fixture.NewFolder("tools-net48");
        var install = await ProcessRunner.DotnetAsync(
            fixture.WorkRoot, "tool", "install", "--tool-path", toolPath, "--add-source", fixture.Feed, "SupportBot.Cli", "--version", fixture.Version);
        install.Succeeded.Should().BeTrue(install.ToString());

        using var mock = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Path.Combine(toolPath, "supportbot"), "--json mock")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        try
        {
            var readStart = ReadJsonDocumentAsync(mock.StandardOutput);
            (await Task.WhenAny(readStart, Task.Delay(TimeSpan.FromMinutes(2)))).Should().BeSameAs(readStart, "supportbot mock prints its addresses when it is up");
            var started = (await readStart).RootElement;
            var agent = started.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "AgentApi");

            var app = await NewConsumerFolderAsync("consumer-net48");
            await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net48</TargetFramework>
                    <LangVersion>latest</LangVersion>
                    <Nullable>enable</Nullable>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), $$"""
                using System;
                using System.Threading.Tasks;
                using Microsoft.Extensions.DependencyInjection;
                using SupportBot.Client;

                internal static class Program
                {
                    private static async Task<int> Main(string[] args)
                    {
                        var services = new ServiceCollection();
                        services.AddSupportBotClient(o =>
                        {
                            o.Provider = SupportBotProvider.AgentApi;
                            o.BaseAddress = new Uri(args[0]);
                            o.ApiKey = args[1];
                        });
                        using var provider = services.BuildServiceProvider();

                        var client = provider.GetRequiredService<ISupportBotClient>();
                        var reply = await client.ChatAsync(new ChatRequest("{{Question}}"));
                        Console.WriteLine("framework: " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
                        Console.WriteLine("answer: " + reply.Text);
                        return reply.RequiresEscalation ? 3 : 0;
                    }
                }
                """);

            var add = await ProcessRunner.DotnetAsync(app, "add", "package", "SupportBot.Client.Extensions", "--version", fixture.Version, "--source", fixture.Feed);
            add.Succeeded.Should().BeTrue(add.ToString());
            var build = await ProcessRunner.DotnetAsync(app, "build", "-c", "Release");
            build.Succeeded.Should().BeTrue(build.ToString());
            build.StandardOutput.Should().NotMatchRegex(@"warning (NU|CS|MSB)\d+", "a .NET Framework consumer restores and builds without warnings:\n{0}", build);

            var assets = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"));
            assets.Should().Contain($"\"SupportBot.Client/{fixture.Version}\"").And.Contain("lib/net462/SupportBot.Client.dll");

            var run = await ProcessRunner.RunAsync(mono!, [Path.Combine(app, "bin", "Release", "net48", "Consumer.exe"), agent.GetProperty("baseAddress").GetString()!, agent.GetProperty("apiKey").GetString()!], app);
            run.Succeeded.Should().BeTrue(run.ToString());
            run.StandardOutput.Should().Contain("framework: Mono", run.ToString()).And.Contain("answer: " + KnownAnswer, run.ToString());
        }
        finally
        {
            if (!mock.HasExited)
            {
                mock.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Reads lines until they make one JSON document (the tool pretty-prints it over several lines).</summary>
    private static async Task<System.Text.Json.JsonDocument> ReadJsonDocumentAsync(StreamReader output)
    {
        var text = new System.Text.StringBuilder();
        while (await output.ReadLineAsync() is { } line)
        {
            text.AppendLine(line);
            try
            {
                return System.Text.Json.JsonDocument.Parse(text.ToString());
            }
            catch (System.Text.Json.JsonException)
            {
                // Not complete yet.
            }
        }

        throw new InvalidOperationException("supportbot mock ended before printing its addresses:\n" + text);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// A folder for a consumer project: stubs so nothing from any folder above is inherited (build props, central package
    /// management), and a nuget.config that adds the local feed — the machine's default source is inherited (no &lt;clear /&gt;),
    /// for the packages' dependencies.
    /// </summary>
    private async Task<string> NewConsumerFolderAsync(string name)
    {
        var app = fixture.NewFolder(name);
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.props"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.targets"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Packages.props"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), new XDocument(
            new XElement("configuration",
                new XElement("packageSources",
                    new XElement("add", new XAttribute("key", "supportbot-under-test"), new XAttribute("value", fixture.Feed))))).ToString());
        return app;
    }

    private ZipArchive OpenPackage(string packageId)
    {
        fixture.Pack.Succeeded.Should().BeTrue(fixture.Pack.ToString());
        var path = fixture.PackagePath(packageId);
        File.Exists(path).Should().BeTrue($"{path} should have been produced:\n{fixture.Pack}");
        return ZipFile.OpenRead(path);
    }

    private static List<string> EntryNames(ZipArchive package) => package.Entries.Select(e => e.FullName).ToList();

    private static string ReadEntry(ZipArchive package, string name)
    {
        using var reader = new StreamReader(package.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static void AssertReadmeAtRoot(ZipArchive package, List<string> entries, string expectedStart)
    {
        entries.Should().Contain("README.md", "the nuspec's <readme> points at README.md in the package root");
        ReadEntry(package, "README.md").Should().Contain(expectedStart);
    }

    /// <summary>A nuspec element name: the nuspec schema namespace varies by package type, so take it from the document.</summary>
    private static XName Nuspec(XElement metadata, string localName) => metadata.Name.Namespace + localName;

    private static XElement Metadata(ZipArchive package)
    {
        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    private static string? Value(XElement metadata, string localName) => metadata.Element(Nuspec(metadata, localName))?.Value;

    private static Dictionary<string, string> Dependencies(XElement metadata, string tfm)
    {
        var group = metadata.Element(Nuspec(metadata, "dependencies"))?.Elements(Nuspec(metadata, "group"))
            .SingleOrDefault(g => string.Equals((string?)g.Attribute("targetFramework"), tfm, StringComparison.OrdinalIgnoreCase));
        group.Should().NotBeNull($"the nuspec should have a dependency group for {tfm}:\n{metadata}");
        return group!.Elements(Nuspec(metadata, "dependency")).ToDictionary(d => (string)d.Attribute("id")!, d => (string)d.Attribute("version")!);
    }

    private Dictionary<string, string> Central(params string[] ids) =>
        ids.ToDictionary(id => id, id => fixture.CentralVersions[id]);
}
