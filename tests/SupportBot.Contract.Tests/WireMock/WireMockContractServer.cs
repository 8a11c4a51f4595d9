using System.Diagnostics;
using SupportBot.Client;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.WireMock;

/// <summary>The contract suite's server: WireMock with the stub mappings. Proves the SDK's wire format equals the documents.</summary>
public sealed class WireMockContractServer(WireMockFixture fixture) : ContractServer
{
    public override string Name => "WireMock";

    public override bool ServesDocumentExamplesVerbatim => true;

    public override Uri BaseAddressFor(SupportBotProvider provider) => fixture.BaseAddressFor(provider);

    public override Task BeginTestAsync() => fixture.ResetJournalAsync();

    /// <summary>Every request the test made matched a mapping, and exactly the mappings it expected, in order.</summary>
    public override async Task VerifyAsync(IReadOnlyList<string> expectedMappings)
    {
        // The journal is written as the response goes out; give it a moment to catch up.
        IReadOnlyList<JournalEntry> journal = await fixture.GetJournalAsync();
        for (var wait = Stopwatch.StartNew(); journal.Count < expectedMappings.Count && wait.Elapsed < TimeSpan.FromSeconds(2);)
        {
            await Task.Delay(20);
            journal = await fixture.GetJournalAsync();
        }

        journal.Where(e => !e.WasMatched).Should().BeEmpty(
            "every request the SDK sends must match a stub mapping taken from the provider documents (unmatched requests mean the wire format differs); journal: {0}",
            string.Join("; ", journal));
        journal.Select(e => e.MappingName).Should().Equal(expectedMappings,
            "the SDK's requests should hit exactly the expected mappings; journal: {0}", string.Join("; ", journal));
    }
}
