using System.Text.Json.Nodes;
using SupportBot.Client.Diagnostics;

namespace SupportBot.Client.Diagnostics.Tests;

/// <summary>The drift check of a recording: each recorded response against the documented one of its endpoint, offline.</summary>
public sealed class RecordingDriftTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "supportbot-recording-drift-" + Guid.NewGuid().ToString("N"));

    public RecordingDriftTests() => Directory.CreateDirectory(Path.Combine(_folder, "mappings"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Each_recorded_response_is_compared_with_its_endpoints_documented_shape()
    {
        Write("001", "GET", "/asyntai/api/v1/account/", "account/", 200,
            """{"success":true,"account":{"email":"[scrubbed]","plan":"starter","messages_used":152,"messages_limit":2500}}""");
        Write("002", "GET", "/asyntai/api/v1/account/", "account/", 200,
            """{"success":true,"account":{"email":"a@b.example","plan":"starter","messages_used":"152","overage_allowed":true}}""");
        Write("003", "POST", "/asyntai/api/v1/chat/", "chat/", 500, """{"success":false,"error":"boom"}""");
        Write("004", "POST", "/asyntai/api/v1/chat/", "chat/", 429, """{"success":false,"error":"Message limit reached"}""");
        Write("005", "GET", "/asyntai/api/v1/invoices/", "invoices/", 200, """{"invoices":[]}""");
        Write("006", "GET", "/askia/api/bots/YOUR_BOT_ID", "bots/YOUR_BOT_ID", 200, "<html>proxy error</html>", text: true);

        var results = SupportBotRecordingDrift.Compare(_folder);

        results.Select(r => (r.MappingName, r.Endpoint, r.Status, r.Outcome, r.ComparedWith, r.IsFailure)).Should().Equal(
            ("recorded-001", "GET account/", 200, RecordedDriftOutcome.Compared, "asyntai/account", false),
            ("recorded-002", "GET account/", 200, RecordedDriftOutcome.Compared, "asyntai/account", true),
            ("recorded-003", "POST chat/", 500, RecordedDriftOutcome.Compared, "asyntai/chat", true),
            ("recorded-004", "POST chat/", 429, RecordedDriftOutcome.DocumentedError, null, false),
            ("recorded-005", "GET invoices/", 200, RecordedDriftOutcome.Undocumented, null, false),
            ("recorded-006", "GET bots/YOUR_BOT_ID", 200, RecordedDriftOutcome.Compared, "askia/bot", true));
        results[0].Differences.Should().BeEmpty();
        results[1].Differences.Should().Equal(
            new ContractDifference("GET account/", ContractDriftKind.TypeChanged, "$.account.messages_used", "number", "string"),
            new ContractDifference("GET account/", ContractDriftKind.MissingField, "$.account.messages_limit", "number", null),
            new ContractDifference("GET account/", ContractDriftKind.NewField, "$.account.overage_allowed", null, "boolean"));
        results[2].Differences.Should().Equal(new ContractDifference("POST chat/", ContractDriftKind.UnexpectedStatus, "$", "200", "500"));
        results[5].Differences.Should().ContainSingle().Which.Kind.Should().Be(ContractDriftKind.NotJson);
    }

    [Fact]
    public void Every_shipped_success_contract_read_as_a_recording_compares_clean_against_itself()
    {
        var contracts = Path.Combine(RepositoryRoot(), "contracts", "wiremock");
        var copied = 0;
        foreach (var file in Directory.EnumerateFiles(contracts, "*.json", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("error-", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(_folder, "mappings", $"{copied++:000}-{Path.GetFileName(file)}"));
        }

        var results = SupportBotRecordingDrift.Compare(_folder);

        results.Should().HaveCount(copied).And.OnlyContain(r => r.Outcome == RecordedDriftOutcome.Compared && r.Differences.Count == 0);
        copied.Should().BeGreaterThan(30);
    }

    [Fact]
    public void A_missing_folder_or_a_malformed_file_is_a_typed_error_naming_it()
    {
        var missing = Path.Combine(_folder, "nowhere");
        var act = () => SupportBotRecordingDrift.Compare(missing);
        act.Should().Throw<DirectoryNotFoundException>().WithMessage($"Recording folder '{missing}' does not exist.");

        var file = Path.Combine(_folder, "mappings", "001-bad.json");
        File.WriteAllText(file, "{ not json");
        act = () => SupportBotRecordingDrift.Compare(_folder);
        act.Should().Throw<FormatException>().WithMessage($"Recorded mapping {file} is not JSON:*");

        File.WriteAllText(file, """{"name":"x","response":{"status":200}}""");
        act.Should().Throw<FormatException>().WithMessage($"Recorded mapping {file} needs request.method, request.urlPath (or url, or a pattern with metadata.example.url) and a response object.");
    }

    private void Write(string index, string method, string urlPath, string relative, int status, string body, bool text = false)
    {
        var response = new JsonObject { ["status"] = status };
        response[text ? "body" : "jsonBody"] = text ? body : JsonNode.Parse(body);
        var mapping = new JsonObject
        {
            ["name"] = "recorded-" + index,
            ["request"] = new JsonObject { ["method"] = method, ["urlPath"] = urlPath },
            ["response"] = response,
            ["metadata"] = new JsonObject { ["provider"] = "Asyntai", ["recorded"] = new JsonObject { ["method"] = method, ["path"] = relative, ["status"] = status } },
        };
        File.WriteAllText(Path.Combine(_folder, "mappings", index + ".json"), mapping.ToJsonString());
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
