using SupportBot.Client;
using SupportBot.Client.Diagnostics;
using SupportBot.Client.Diagnostics.Internal;
using SupportBot.Client.Diagnostics.Providers;
using SupportBot.Client.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SupportBot.Client.Diagnostics.Tests;

/// <summary>WireMock.Net with the documented contracts, plus stubs that drift from them (priority 0 wins over the contracts' 1–5).</summary>
public sealed class ContractDriftTests : IDisposable
{
    private readonly SupportBotWireMock _wireMock = SupportBotWireMock.Start();

    private static SupportBotDoctor Doctor(bool chat = false) =>
        new(new SupportBotDiagnosisOptions { CheckContractDrift = true, IncludeChat = chat, SlowThreshold = TimeSpan.FromSeconds(30) });

    private void Stub(string method, string path, int status, string json, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(json);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _wireMock.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(0).RespondWith(response);
    }

    [Theory]
    [InlineData(SupportBotProvider.AISupportBot)]
    [InlineData(SupportBotProvider.Asyntai)]
    [InlineData(SupportBotProvider.ChatSupportAI)]
    [InlineData(SupportBotProvider.AskIA)]
    [InlineData(SupportBotProvider.AgentApi)]
    public async Task The_documented_contracts_themselves_show_no_drift(SupportBotProvider provider)
    {
        // Read-only calls only: the chat mappings answer the documents' own example messages, not the doctor's "Hello".
        var diagnosis = await Doctor().DiagnoseAsync(_wireMock.CreateOptions(provider));

        diagnosis.ContractDifferences.Should().BeEmpty();
        diagnosis.Checks.Where(c => c.Name.StartsWith(DiagnosticCheckNames.ContractPrefix, StringComparison.Ordinal))
            .Should().NotContain(c => c.Status != DiagnosticStatus.Ok, string.Join("\n", diagnosis.Checks));
        diagnosis.Status.Should().NotBe(DiagnosticStatus.Fail);
    }

    [Fact]
    public async Task A_renamed_field_is_a_missing_field_and_a_new_one()
    {
        Stub("GET", "/asyntai/api/v1/account/", 200,
            """{"success":true,"account":{"email":"you@example.com","plan":"starter","used_messages":150,"messages_limit":2500}}""");

        var diagnosis = await Doctor().DiagnoseAsync(_wireMock.CreateOptions(SupportBotProvider.Asyntai));

        diagnosis.ContractDifferences.Should().ContainEquivalentOf(
            new ContractDifference("GET account/", ContractDriftKind.MissingField, "$.account.messages_used", "number", null));
        diagnosis.ContractDifferences.Should().ContainEquivalentOf(
            new ContractDifference("GET account/", ContractDriftKind.NewField, "$.account.used_messages", null, "number"));
        var check = diagnosis["contract GET account/"]!;
        check.Status.Should().Be(DiagnosticStatus.Fail);
        check.Reason.Should().Contain("$.account.messages_used missing");
        check.Hint.Should().Contain("contracts/wiremock/asyntai");
        diagnosis.Status.Should().Be(DiagnosticStatus.Fail);
    }

    [Fact]
    public async Task A_retyped_field_fails_even_when_the_sdk_cannot_read_the_body()
    {
        Stub("GET", "/asyntai/api/v1/websites/", 200,
            """{"success":true,"websites":[{"id":"1","name":"My Website","domain":"example.com","is_primary":true}]}""");

        var diagnosis = await Doctor().DiagnoseAsync(_wireMock.CreateOptions(SupportBotProvider.Asyntai));

        diagnosis.ContractDifferences.Should().ContainSingle(d => d.IsFailure)
            .Which.Should().Be(new ContractDifference("GET websites/", ContractDriftKind.TypeChanged, "$.websites[].id", "number", "string"));
        diagnosis["contract GET websites/"]!.Status.Should().Be(DiagnosticStatus.Fail);
        diagnosis["contract GET websites/"]!.Reason.Should().Be("$.websites[].id is string, documented number");
    }

    [Fact]
    public async Task An_extra_field_is_information_not_a_failure()
    {
        Stub("GET", "/agentapi/v1/usage", 200,
            """{"plan":"growth","period_start":"2025-01-01T00:00:00Z","period_end":"2025-02-01T00:00:00Z","queries_used":1250,"queries_limit":10000,"documents_used":42,"documents_limit":500,"actions_used":17,"actions_limit":1000,"overage_allowed":true}""");

        var diagnosis = await Doctor().DiagnoseAsync(_wireMock.CreateOptions(SupportBotProvider.AgentApi));

        diagnosis.ContractDifferences.Should().ContainSingle()
            .Which.Should().Be(new ContractDifference("GET v1/usage", ContractDriftKind.NewField, "$.overage_allowed", null, "boolean"));
        diagnosis["contract GET v1/usage"]!.Status.Should().Be(DiagnosticStatus.Ok);
        diagnosis["contract GET v1/usage"]!.Reason.Should().Contain("1 new field(s): $.overage_allowed");
        diagnosis.Status.Should().Be(DiagnosticStatus.Ok);
        diagnosis.Quota.Should().Be(new QuotaUsage(1250, 10000, "queries"));
    }

    [Fact]
    public async Task A_500_where_200_is_documented_is_an_unexpected_status()
    {
        Stub("GET", "/chatsupportai/api/widget/YOUR_WIDGET_ID/config", 500, """{"error":"Server error"}""");

        var diagnosis = await Doctor().DiagnoseAsync(_wireMock.CreateOptions(SupportBotProvider.ChatSupportAI));

        diagnosis.ContractDifferences.Should().ContainSingle()
            .Which.Should().Be(new ContractDifference("GET widget/{widgetId}/config", ContractDriftKind.UnexpectedStatus, "$", "200", "500"));
        diagnosis["contract GET widget/{widgetId}/config"]!.Reason.Should().Be("HTTP 500 where 200 is documented");
        diagnosis[DiagnosticCheckNames.Bot]!.Status.Should().Be(DiagnosticStatus.Fail);
    }

    [Fact]
    public async Task A_documented_error_status_is_left_to_the_other_checks()
    {
        var options = _wireMock.CreateOptions(SupportBotProvider.Asyntai);
        options.ApiKey = "asyntai_invalid_key";

        var diagnosis = await Doctor().DiagnoseAsync(options);

        diagnosis[DiagnosticCheckNames.Key]!.Status.Should().Be(DiagnosticStatus.Fail);
        diagnosis["contract GET account/"]!.Status.Should().Be(DiagnosticStatus.Skipped);
        diagnosis.ContractDifferences.Should().BeEmpty();
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_reported()
    {
        Stub("GET", "/askia/api/bots/YOUR_BOT_ID", 200, "<html>maintenance</html>");

        var diagnosis = await Doctor().DiagnoseAsync(_wireMock.CreateOptions(SupportBotProvider.AskIA));

        diagnosis.ContractDifferences.Should().ContainSingle().Which.Kind.Should().Be(ContractDriftKind.NotJson);
        diagnosis[DiagnosticCheckNames.Bot]!.Status.Should().Be(DiagnosticStatus.Fail);
        diagnosis[DiagnosticCheckNames.Bot]!.Reason.Should().Contain("unreadable response");
    }

    [Fact]
    public async Task AgentApi_key_without_usage_scope_is_accepted_and_quota_is_skipped()
    {
        Stub("GET", "/agentapi/v1/usage", 403, """{"error":{"code":"insufficient_scope","message":"This key lacks the 'usage' scope."}}""");

        var diagnosis = await Doctor().DiagnoseAsync(_wireMock.CreateOptions(SupportBotProvider.AgentApi));

        diagnosis[DiagnosticCheckNames.Key]!.Status.Should().Be(DiagnosticStatus.Ok);
        diagnosis[DiagnosticCheckNames.Key]!.Reason.Should().Contain("403");
        diagnosis[DiagnosticCheckNames.Quota]!.Status.Should().Be(DiagnosticStatus.Skipped);
        diagnosis.Status.Should().Be(DiagnosticStatus.Ok);
    }

    [Fact]
    public async Task Rate_limit_headers_are_read()
    {
        Stub("GET", "/agentapi/v1/usage", 200,
            """{"plan":"growth","queries_used":1,"queries_limit":10000}""", ("X-RateLimit-Limit", "60"), ("X-RateLimit-Remaining", "3"));

        var diagnosis = await Doctor().DiagnoseAsync(_wireMock.CreateOptions(SupportBotProvider.AgentApi));

        diagnosis.RateLimit!.Remaining.Should().Be(3);
        diagnosis[DiagnosticCheckNames.RateLimit]!.Status.Should().Be(DiagnosticStatus.Warn);
        diagnosis[DiagnosticCheckNames.RateLimit]!.Reason.Should().Contain("3/60 left");
    }

    [Fact]
    public void Every_contract_a_probe_names_is_embedded()
    {
        var names = ContractShapes.Names.ToHashSet();
        names.Should().Contain(["asyntai/account", "asyntai/websites", "chatsupportai/widget-config", "askia/bot", "agentapi/usage"]);
        foreach (var provider in Enum.GetValues<SupportBotProvider>())
        {
            names.Should().Contain(ProviderProbe.For(provider).ChatContract);
        }

        names.Should().NotContain(n => n.Contains("/error-", StringComparison.Ordinal));
    }

    public void Dispose() => _wireMock.Dispose();
}
