namespace SupportBot.MockServer;

/// <summary>How a <see cref="SupportBotMockServer"/> starts.</summary>
public sealed class SupportBotMockServerOptions
{
    /// <summary>The TCP port; 0 (default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The interface to bind (default <c>127.0.0.1</c>; use <c>0.0.0.0</c> to serve other machines).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The initial state; <see cref="MockSeed.Demo"/> when both this and <see cref="SeedFile"/> are null.</summary>
    public MockSeed? Seed { get; set; }

    /// <summary>A JSON seed file (see docs/mock-server.md), used when <see cref="Seed"/> is null.</summary>
    public string? SeedFile { get; set; }

    /// <summary>The clock of quota periods, rate-limit windows, queued jobs and timestamps; tests inject a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Below this retrieval confidence (0–1) an answer escalates (default 0.5).</summary>
    public double EscalationThreshold { get; set; } = 0.5;

    /// <summary>How long after an AgentApi knowledge-base write its queued job runs (default 2 s of <see cref="TimeProvider"/> time).</summary>
    public TimeSpan KnowledgeJobDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many requests the journal keeps; older entries are dropped (default 10,000, so a standalone server under load stays bounded).</summary>
    public int JournalCapacity { get; set; } = 10_000;

    /// <summary>
    /// The largest request body accepted, in bytes (default 30,000,000, Kestrel's own default; null = unlimited). A larger
    /// body answers 413 in the provider's error shape, on every endpoint, before authentication.
    /// </summary>
    public long? MaxRequestBodySize { get; set; } = 30_000_000;

    /// <summary>How many conversations are kept, all providers together (default 10,000); beyond it the least recently active one is dropped.</summary>
    public int ConversationCapacity { get; set; } = 10_000;

    /// <summary>How many messages a conversation keeps (default 1,000); beyond it the oldest are dropped.</summary>
    public int MessagesPerConversation { get; set; } = 1_000;

    /// <summary>How many gap-log entries (low-confidence questions) an account keeps (default 1,000); beyond it the oldest are dropped.</summary>
    public int GapCapacity { get; set; } = 1_000;

    /// <summary>Writes ASP.NET Core logs to the console (default off).</summary>
    public bool EnableConsoleLogging { get; set; }
}
