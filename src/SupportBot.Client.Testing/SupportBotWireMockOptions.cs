namespace SupportBot.Client.Testing;

/// <summary>What <see cref="SupportBotWireMock.Start(SupportBotWireMockOptions)"/> loads: which providers' documented contracts, and which recordings.</summary>
public sealed class SupportBotWireMockOptions
{
    /// <summary>The providers to load; empty (the default) = all five. Recorded mappings of other providers are left out too.</summary>
    public IList<SupportBotProvider> Providers { get; } = [];

    /// <summary>
    /// Recording folders (made by <c>supportbot record</c>) to load next to the documented contracts. Their mappings have
    /// priority 1 and match the recorded requests exactly, so a recorded answer wins over the documented example.
    /// </summary>
    public IList<string> RecordingFolders { get; } = [];

    /// <summary>Whether to load the documented contracts (default true); false serves the recordings alone.</summary>
    public bool IncludeDocumentedContracts { get; set; } = true;
}
