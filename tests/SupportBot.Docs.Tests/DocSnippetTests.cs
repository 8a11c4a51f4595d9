using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SupportBot.Docs.Tests;

/// <summary>
/// Every fenced <c>csharp</c> block in README.md, src/*/README.md and docs/*.md (any doc added later included) compiles
/// against the shipped projects. A block is compiled on its own, as a program when it has statements (a library otherwise),
/// with the usings a project gets implicitly plus the SDK's namespaces, and with <see cref="SnippetContext"/>'s names
/// (<c>client</c>, <c>builder</c>, ...) in scope for blocks that continue an earlier one.
/// </summary>
public sealed partial class DocSnippetTests
{
    private static readonly string[] ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
        "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Http", "Microsoft.Extensions.AI", "Xunit", "FluentAssertions",
        "SupportBot.Client", "SupportBot.Client.Diagnostics", "SupportBot.Client.Testing", "SupportBot.MockServer",
        "SupportBot.Client.Providers.AISupportBot", "SupportBot.Client.Providers.Asyntai", "SupportBot.Client.Providers.ChatSupportAI",
        "SupportBot.Client.Providers.AskIA", "SupportBot.Client.Providers.AgentApi",
        "SupportBot.Client.Redis", "StackExchange.Redis", "Aspire.Hosting", "SupportBot.Aspire.Client",
        "SupportBot.Docs.Tests", // the stand-in types a snippet uses without declaring them (e.g. a backend's ChatIn body)
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p))]);

    // ```csharp excerpt marks a quotation of the repository's internal source (a contributor doc), not code a user writes.
    [GeneratedRegex(@"^```csharp(?! excerpt)[^\n]*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var (doc, blocks) in Docs())
        {
            for (var i = 0; i < blocks.Count; i++)
            {
                data.Add(doc, i + 1);
            }
        }

        return data;
    }

    [Fact]
    public void The_docs_have_snippets_to_compile_and_every_doc_folder_is_searched()
    {
        var docs = Docs().ToList();
        docs.Should().Contain(d => d.Doc == "README.md" && d.Blocks.Count > 0);
        docs.Select(d => d.Doc).Should().Contain(d => d.StartsWith("docs/", StringComparison.Ordinal))
            .And.Contain(d => d.StartsWith("src/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_renamed_type_fails_the_compilation()
    {
        Compile("var code = SupportBotErrorCode.Timeout;").Should().BeEmpty();
        Compile("var code = ErrorCode.Timeout;").Should().ContainSingle(e => e.Contains("CS0103", StringComparison.Ordinal));
    }

    /// <summary>README's list of error codes is every <see cref="SupportBot.Client.SupportBotErrorCode"/>, no more, no less.</summary>
    [Fact]
    public void The_readme_lists_every_error_code()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var sentence = Regex.Match(readme, @"`ErrorCode` \(a `SupportBotErrorCode`\) is one of (?<list>[^.]*)\.").Groups["list"].Value;
        var listed = Regex.Matches(sentence, "`(?<name>[A-Za-z]+)`").Select(m => m.Groups["name"].Value).ToList();

        listed.Should().BeEquivalentTo(Enum.GetNames<SupportBot.Client.SupportBotErrorCode>());
        Regex.IsMatch(readme, @"(?<!SupportBot)ErrorCode\.[A-Z]").Should().BeFalse("the type is SupportBotErrorCode; a bare ErrorCode.X does not compile");
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_snippet_compiles(string doc, int block)
    {
        var code = Docs().Single(d => d.Doc == doc).Blocks[block - 1];

        var errors = Compile(code);

        errors.Should().BeEmpty($"{doc}, C# block {block}, must compile:\n{code}");
    }

    private static IEnumerable<(string Doc, IReadOnlyList<string> Blocks)> Docs()
    {
        var root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateDirectories(Path.Combine(root, "src")).Select(d => Path.Combine(d, "README.md")).Where(File.Exists))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var blocks = CSharpBlock().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")).Select(m => m.Groups["code"].Value).ToList();
            if (blocks.Count > 0)
            {
                yield return (Path.GetRelativePath(root, file).Replace('\\', '/'), blocks);
            }
        }
    }

    private static List<string> Compile(string code)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        var snippet = CSharpSyntaxTree.ParseText(code, options, path: "snippet.cs");
        var globals = CSharpSyntaxTree.ParseText(
            string.Concat(ImplicitUsings.Select(u => $"global using {u};\n")) + "global using static SupportBot.Docs.Tests.SnippetContext;\n",
            options, path: "globals.cs");
        var hasStatements = snippet.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [snippet, globals],
            [.. References.Value, MetadataReference.CreateFromFile(typeof(SnippetContext).Assembly.Location)],
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.Client.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}
