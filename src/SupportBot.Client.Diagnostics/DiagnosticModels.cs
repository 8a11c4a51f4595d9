namespace SupportBot.Client.Diagnostics;

/// <summary>The outcome of one diagnostic check.</summary>
public enum DiagnosticStatus
{
    /// <summary>The check passed.</summary>
    Ok,

    /// <summary>Not checked: the provider offers no way to check it, or it was not asked for. Never counts as a problem.</summary>
    Skipped,

    /// <summary>Works today, but needs attention soon (quota almost used, slow, rate limited, new contract fields are information only).</summary>
    Warn,

    /// <summary>Broken: calls fail or will fail (key rejected, unreachable, quota exhausted, contract drift).</summary>
    Fail,
}

/// <summary>Well-known check names, as reported in <see cref="DiagnosticCheck.Name"/>.</summary>
public static class DiagnosticCheckNames
{
    /// <summary>The client options are valid (nothing sent).</summary>
    public const string Options = "options";

    /// <summary>The base address's host name resolves.</summary>
    public const string Dns = "dns";

    /// <summary>The base address answers HTTP (any status).</summary>
    public const string Connect = "connect";

    /// <summary>The TLS certificate is trusted and not about to expire.</summary>
    public const string Tls = "tls";

    /// <summary>The API key is accepted (401 and 403 told apart).</summary>
    public const string Key = "key";

    /// <summary>The bot, widget, website or assistant id exists.</summary>
    public const string Bot = "bot";

    /// <summary>Quota used against its limit, where the provider reports it.</summary>
    public const string Quota = "quota";

    /// <summary>Rate-limit headers and 429 answers.</summary>
    public const string RateLimit = "rate-limit";

    /// <summary>One chat message (only when asked: it counts against the quota).</summary>
    public const string Chat = "chat";

    /// <summary>The slowest call against the slow threshold.</summary>
    public const string Latency = "latency";

    /// <summary>Prefix of the per-endpoint contract drift checks: <c>contract GET account/</c>.</summary>
    public const string ContractPrefix = "contract ";
}

/// <summary>One check: its status, a one-line reason and, when not ok, what to do.</summary>
/// <param name="Name">The check (see <see cref="DiagnosticCheckNames"/>).</param>
/// <param name="Status">Ok, skipped, warn or fail.</param>
/// <param name="Reason">One line saying what was found.</param>
/// <param name="Hint">One line saying how to fix it; null when there is nothing to do.</param>
public sealed record DiagnosticCheck(string Name, DiagnosticStatus Status, string Reason, string? Hint = null)
{
    /// <summary>The duration of the call this check is based on, when it made one.</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>The endpoint the check is about (<c>GET account/</c>), when it is about one.</summary>
    public string? Endpoint { get; init; }
}

/// <summary>One HTTP call the diagnosis made.</summary>
/// <param name="Purpose">Why it was made: connect, key, bot, quota, chat.</param>
/// <param name="Endpoint">Method and path relative to the base address, ids replaced by placeholders (<c>GET bots/{id}</c>).</param>
/// <param name="StatusCode">The HTTP status, or null when no response arrived.</param>
/// <param name="Latency">From sending the request to the end of the body.</param>
public sealed record DiagnosticCall(string Purpose, string Endpoint, int? StatusCode, TimeSpan Latency);

/// <summary>Quota consumption as the provider reports it.</summary>
/// <param name="Used">Units used this period (messages, queries).</param>
/// <param name="Limit">The plan's limit for the period.</param>
/// <param name="Unit">What is counted: <c>messages</c>, <c>queries</c>.</param>
public sealed record QuotaUsage(long Used, long Limit, string Unit)
{
    /// <summary>Used divided by limit (1 when the limit is 0).</summary>
    public double Fraction => Limit <= 0 ? 1 : (double)Used / Limit;
}

/// <summary>What kind of difference the contract drift check found.</summary>
public enum ContractDriftKind
{
    /// <summary>A field the contract documents is not in the live response: a failure.</summary>
    MissingField,

    /// <summary>A field has another JSON type than documented: a failure.</summary>
    TypeChanged,

    /// <summary>The live response has a field the contract does not document: information.</summary>
    NewField,

    /// <summary>A status the contract does not document for a successful call (a 500 where 200 is documented): a failure.</summary>
    UnexpectedStatus,

    /// <summary>The body is not JSON (or was cut off): a failure.</summary>
    NotJson,
}

/// <summary>One difference between a live response and the documented contract.</summary>
/// <param name="Endpoint">The endpoint (<c>GET account/</c>).</param>
/// <param name="Kind">What differs.</param>
/// <param name="Path">The JSON path (<c>$.account.messages_used</c>, <c>$.websites[].id</c>); <c>$</c> for status and body.</param>
/// <param name="Documented">The documented JSON type or status.</param>
/// <param name="Live">The live JSON type or status.</param>
public sealed record ContractDifference(string Endpoint, ContractDriftKind Kind, string Path, string? Documented, string? Live)
{
    /// <summary>Whether this difference breaks the contract (everything but <see cref="ContractDriftKind.NewField"/>).</summary>
    public bool IsFailure => Kind != ContractDriftKind.NewField;

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ContractDriftKind.MissingField => $"{Path} missing (documented {Documented})",
        ContractDriftKind.TypeChanged => $"{Path} is {Live}, documented {Documented}",
        ContractDriftKind.NewField => $"{Path} new ({Live})",
        ContractDriftKind.UnexpectedStatus => $"HTTP {Live} where {Documented} is documented",
        _ => $"body is not JSON ({Live})",
    };
}
