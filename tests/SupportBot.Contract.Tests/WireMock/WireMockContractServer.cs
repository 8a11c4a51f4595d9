using SupportBot.Client;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.WireMock;

/// <summary>The contract suite's server: WireMock.Net with the stub mappings. Proves the SDK's wire format equals the documents.</summary>
public sealed class WireMockContractServer(WireMockFixture fixture) : ContractServer
{
    public override string Name => "WireMock.Net";

    public override bool ServesDocumentExamplesVerbatim => true;

    public override Uri BaseAddressFor(SupportBotProvider provider) => fixture.BaseAddressFor(provider);

    public override Task BeginTestAsync()
    {
        fixture.ResetJournal();
        return Task.CompletedTask;
    }

    /// <summary>Every request the test made matched a mapping, and exactly the mappings it expected, in order (WireMock.Net's log entries).</summary>
    public override Task VerifyAsync(IReadOnlyList<string> expectedMappings)
    {
        var journal = fixture.GetJournal();

        journal.Where(e => !e.WasMatched).Should().BeEmpty(
            "every request the SDK sends must match a stub mapping taken from the provider documents (unmatched requests mean the wire format differs); journal: {0}",
            string.Join("; ", journal));
        journal.Select(e => e.MappingName).Should().Equal(expectedMappings,
            "the SDK's requests should hit exactly the expected mappings; journal: {0}", string.Join("; ", journal));
        return Task.CompletedTask;
    }
}
