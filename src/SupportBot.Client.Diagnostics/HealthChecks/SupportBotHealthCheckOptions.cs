namespace SupportBot.Client.Diagnostics;

/// <summary>Settings of a SupportBot health check (<c>AddHealthChecks().AddSupportBot()</c>).</summary>
public sealed class SupportBotHealthCheckOptions
{
    /// <summary>
    /// How long a diagnosis is reused, so a probe every few seconds does not call the provider every time. Default 5 minutes.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an unhealthy diagnosis is reused (shorter, so recovery shows soon). Default 1 minute.</summary>
    public TimeSpan UnhealthyCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// What the diagnosis checks. Defaults for a health probe: contract drift on, no chat (a chat would spend quota),
    /// slow at 2 s, quota warning at 90 %, 10 s per call.
    /// </summary>
    public SupportBotDiagnosisOptions Diagnosis { get; set; } = new() { CheckContractDrift = true };
}
