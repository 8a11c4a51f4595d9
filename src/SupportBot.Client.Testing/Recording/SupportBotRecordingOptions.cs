namespace SupportBot.Client.Testing.Recording;

/// <summary>
/// What <see cref="SupportBotRecordingHandler"/> records and how it scrubs: the provider, the upstream its requests go to,
/// the folder the mappings are written to, and the secrets it must know of beyond those it finds itself.
/// </summary>
public sealed class SupportBotRecordingOptions
{
    /// <summary>The provider being recorded: its path prefix on a contract server, its key shape and its example key.</summary>
    public SupportBotProvider Provider { get; set; }

    /// <summary>The provider's base address the requests go to, e.g. <c>https://asyntai.com/api/v1/</c> (with a trailing slash).</summary>
    public Uri? Upstream { get; set; }

    /// <summary>The recording folder: mappings are written to <c>&lt;OutputFolder&gt;/mappings/</c> (created when missing; numbering continues after the files there).</summary>
    public string OutputFolder { get; set; } = string.Empty;

    /// <summary>
    /// The API key in use, when known (<c>supportbot record</c> takes it from <c>--api-key</c> or <c>SUPPORTBOT_API_KEY</c>):
    /// scrubbed everywhere from the first exchange on, to the documents' example key. Keys sent in an authentication header
    /// are learned without it.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Other values to scrub wherever they appear (a customer's e-mail address, an account id), to <c>[scrubbed]</c>.</summary>
    public IList<string> Secrets { get; } = [];

    /// <summary>
    /// Regular expressions of further secrets (e.g. a key shape the documents do not show: <c>asy_[A-Za-z0-9]{24}</c>); each
    /// match is scrubbed like a key. The providers' own key shapes (<c>ask_…</c>, <c>sk_live_…</c>) and JWTs are built in.
    /// </summary>
    public IList<string> SecretPatterns { get; } = [];

    /// <summary>The largest response body recorded (default 16 MiB); a larger one fails the call rather than being cut.</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>What the mappings' <c>metadata.recorded.tool</c> says made them.</summary>
    public string RecordedBy { get; set; } = "SupportBot.Client.Testing";

    /// <summary>The clock of <c>metadata.recorded.at</c>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">An option is missing or invalid.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            throw new ArgumentException($"Provider {Provider} is not a SupportBotProvider; use one of: {string.Join(", ", Enum.GetNames<SupportBotProvider>())}.", nameof(Provider));
        }

        if (Upstream is not { IsAbsoluteUri: true } upstream || (upstream.Scheme != Uri.UriSchemeHttps && upstream.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Upstream must be the provider's absolute http(s) base address, e.g. https://asyntai.com/api/v1/ (was '{Upstream}').", nameof(Upstream));
        }

        if (!upstream.AbsolutePath.EndsWith('/'))
        {
            throw new ArgumentException($"Upstream must end with '/' so that relative paths append to it: use '{upstream.GetLeftPart(UriPartial.Path)}/'.", nameof(Upstream));
        }

        if (string.IsNullOrWhiteSpace(OutputFolder))
        {
            throw new ArgumentException("OutputFolder must name the recording folder (mappings go to <folder>/mappings/).", nameof(OutputFolder));
        }

        if (MaxBodyBytes < 1)
        {
            throw new ArgumentException($"MaxBodyBytes must be positive (was {MaxBodyBytes}).", nameof(MaxBodyBytes));
        }

        foreach (var pattern in SecretPatterns)
        {
            try
            {
                _ = Recording.Internal.SecretRules.Custom(pattern);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Secret pattern '{pattern}' is not a valid .NET regular expression: {ex.Message}", nameof(SecretPatterns), ex);
            }
        }
    }
}
