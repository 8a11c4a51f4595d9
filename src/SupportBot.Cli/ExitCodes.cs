namespace SupportBot.Cli;

/// <summary>The process exit codes of <c>supportbot</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary><c>eval</c>: the pass rate is below <c>--min-pass</c>; <c>doctor --strict</c>: warnings.</summary>
    public const int BelowThreshold = 1;

    /// <summary>Bad command line, bad options, unreadable corpus, unsupported operation, rejected input.</summary>
    public const int Usage = 2;

    /// <summary>The key was rejected (401) or may not do this (403).</summary>
    public const int Authentication = 3;

    /// <summary>Plan quota exhausted or rate limited.</summary>
    public const int QuotaOrRateLimit = 4;

    /// <summary>The provider failed, or the network did.</summary>
    public const int ProviderFailure = 5;

    /// <summary><c>doctor</c>: at least one check failed (1 is its warnings under <c>--strict</c>; 2 stays usage).</summary>
    public const int DoctorFailed = 6;

    /// <summary><c>record --check</c>: a mapping holds a secret.</summary>
    public const int SecretFound = 7;

    /// <summary>Interrupted (Ctrl+C) before the command finished.</summary>
    public const int Canceled = 130;
}
