using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using SupportBot.Client.Diagnostics.Internal;
using SupportBot.Client.Diagnostics.Providers;

namespace SupportBot.Client.Diagnostics;

/// <summary>
/// Diagnoses one configured provider: options, DNS, connection, TLS, key (401 and 403 told apart), bot id, quota, rate limits,
/// latency of each call, optionally one chat and the contract drift of every response. Read-only calls only, unless
/// <see cref="SupportBotDiagnosisOptions.IncludeChat"/> is set. Never throws for what it finds; only cancellation escapes.
/// </summary>
public class SupportBotDoctor
{
    /// <summary>Creates a doctor with the given (or default) settings.</summary>
    /// <param name="options">What to check and the thresholds; defaults when null.</param>
    public SupportBotDoctor(SupportBotDiagnosisOptions? options = null)
    {
        Options = options?.Clone() ?? new SupportBotDiagnosisOptions();
    }

    /// <summary>What is checked and the thresholds.</summary>
    public SupportBotDiagnosisOptions Options { get; }

    /// <summary>Diagnoses the provider <paramref name="clientOptions"/> configure. Makes its own HTTP calls (no retries) with those options.</summary>
    /// <param name="clientOptions">Provider, key, base address, bot id (as you give them to <see cref="SupportBotClient"/>).</param>
    /// <param name="cancellationToken">Cancels the diagnosis.</param>
    /// <returns>The diagnosis; <see cref="SupportBotDiagnosis.Status"/> is the worst check.</returns>
    public virtual async Task<SupportBotDiagnosis> DiagnoseAsync(SupportBotClientOptions clientOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientOptions);
        var d = Options;
        var time = d.TimeProvider;
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();

        var options = clientOptions.Clone();
        options.ApplicationId ??= "supportbot-doctor";
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            return Finish(options.Provider, options.BaseAddress, [
                new DiagnosticCheck(DiagnosticCheckNames.Options, DiagnosticStatus.Fail, string.Join("; ", errors),
                    "Fix the options named (flags, SUPPORTBOT_* environment variables or the configuration section); nothing was sent."),
                .. NotChecked("the options are invalid"),
            ]);
        }

        var tls = new TlsObservation();
        HttpMessageHandler primary = d.PrimaryHandlerFactory?.Invoke() ?? tls.CreateHandler(d.CallTimeout);
        var recorder = new RecordingHandler(time, Math.Max(options.MaxResponseBytes, 1)) { InnerHandler = primary };
        using var http = new HttpClient(recorder, disposeHandler: true) { Timeout = d.CallTimeout };
        SupportBotClient client;
        try
        {
            client = new SupportBotClient(http, options);
        }
        catch (SupportBotValidationException ex)
        {
            return Finish(options.Provider, options.BaseAddress, [
                new DiagnosticCheck(DiagnosticCheckNames.Options, DiagnosticStatus.Fail, ex.Message, "Fix the option named; nothing was sent."),
                .. NotChecked("the options are invalid"),
            ]);
        }

        using (client)
        {
            var context = new ProbeContext(client, options, d, recorder);
            var baseAddress = client.BaseAddress;
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Options, DiagnosticStatus.Ok,
                $"{options.Provider} at {baseAddress}" + (string.IsNullOrWhiteSpace(options.DefaultBotId) ? string.Empty : $", bot '{options.DefaultBotId}'") +
                (string.IsNullOrEmpty(options.ApiKey) ? ", no key" : ", key set")));

            var reachable = await CheckDnsAsync(context, baseAddress, cancellationToken).ConfigureAwait(false)
                && await CheckConnectAsync(context, http, baseAddress, tls, d.PrimaryHandlerFactory is not null, cancellationToken).ConfigureAwait(false);
            if (reachable)
            {
                var probe = ProviderProbe.For(options.Provider);
                await probe.ProbeAsync(context, cancellationToken).ConfigureAwait(false);
                if (d.IncludeChat)
                {
                    await ChatAsync(context, probe, cancellationToken).ConfigureAwait(false);
                }

                Complete(context, probe);
            }
            else
            {
                foreach (var check in NotChecked("the base address does not answer"))
                {
                    context.ReportIfAbsent(check);
                }
            }

            return new SupportBotDiagnosis(options.Provider, baseAddress, context.OrderedChecks())
            {
                Calls = [.. context.Calls],
                Quota = context.Quota,
                RateLimit = context.RateLimit,
                ContractDifferences = [.. context.Differences],
                StartedAt = startedAt,
                Duration = time.GetElapsedTime(started),
            };
        }

        SupportBotDiagnosis Finish(SupportBotProvider provider, Uri? baseAddress, List<DiagnosticCheck> checks) =>
            new(provider, baseAddress, checks) { StartedAt = startedAt, Duration = time.GetElapsedTime(started) };
    }

    private static List<DiagnosticCheck> NotChecked(string because) =>
    [
        .. new[] { DiagnosticCheckNames.Dns, DiagnosticCheckNames.Connect, DiagnosticCheckNames.Tls, DiagnosticCheckNames.Key, DiagnosticCheckNames.Bot, DiagnosticCheckNames.Quota }
            .Select(name => new DiagnosticCheck(name, DiagnosticStatus.Skipped, "not checked: " + because)),
    ];

    private async Task<bool> CheckDnsAsync(ProbeContext context, Uri baseAddress, CancellationToken cancellationToken)
    {
        var host = baseAddress.IdnHost;
        if (baseAddress.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || baseAddress.IsLoopback)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Dns, DiagnosticStatus.Ok, $"{baseAddress.Host} needs no lookup"));
            return true;
        }

        var started = Options.TimeProvider.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.CallTimeout);
        try
        {
#if NET
            var addresses = await Dns.GetHostAddressesAsync(host, timeout.Token).ConfigureAwait(false);
#else
            var addresses = await Dns.GetHostAddressesAsync(host).WaitAsync(timeout.Token).ConfigureAwait(false);
#endif
            var latency = Options.TimeProvider.GetElapsedTime(started);
            context.Report(addresses.Length > 0
                ? new DiagnosticCheck(DiagnosticCheckNames.Dns, DiagnosticStatus.Ok, $"{host} → {addresses[0]}" + (addresses.Length > 1 ? $" (+{addresses.Length - 1})" : string.Empty)) { Latency = latency }
                : new DiagnosticCheck(DiagnosticCheckNames.Dns, DiagnosticStatus.Fail, $"{host} resolves to no address", DnsHint) { Latency = latency });
            return addresses.Length > 0;
        }
        catch (SocketException ex)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Dns, DiagnosticStatus.Fail, $"{host} does not resolve ({ex.SocketErrorCode})", DnsHint));
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Dns, DiagnosticStatus.Fail, $"{host}: no DNS answer within {ProbeContext.Format(Options.CallTimeout)}", DnsHint));
            return false;
        }
    }

    private const string DnsHint = "Check the base address (--base-url, SUPPORTBOT_BASE_URL) for typos, and the machine's DNS and proxy settings.";

    private async Task<bool> CheckConnectAsync(ProbeContext context, HttpClient http, Uri baseAddress, TlsObservation tls, bool customHandler, CancellationToken cancellationToken)
    {
        // A GET of the base address without the key: any HTTP answer (404 included) means the host is served; whether the path
        // leads to the API is told by the provider's own endpoints (a 404 there fails this check). The first call pays for DNS,
        // TCP and TLS: it is timed for this check only, and a second, warm GET is the call the latency check sees.
        var started = Options.TimeProvider.GetTimestamp();
        Exception? failure = null;
        int? status = null;
        TimeSpan? warm = null;
        try
        {
            using (var response = await http.GetAsync(baseAddress, cancellationToken).ConfigureAwait(false))
            {
                status = (int)response.StatusCode;
            }

            var warmStarted = Options.TimeProvider.GetTimestamp();
            using var again = await http.GetAsync(baseAddress, cancellationToken).ConfigureAwait(false);
            warm = Options.TimeProvider.GetElapsedTime(warmStarted);
        }
        catch (HttpRequestException ex)
        {
            failure = ex;
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            failure = ex;
        }

        var latency = Options.TimeProvider.GetElapsedTime(started) - (warm ?? TimeSpan.Zero);
        context.Calls.Add(new DiagnosticCall(DiagnosticCheckNames.Connect, "GET /", status, warm ?? latency));
        var tlsFailure = failure is not null && Find<AuthenticationException>(failure) is not null;
        if (failure is null)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Connect, DiagnosticStatus.Ok, $"answers (HTTP {status} for GET {baseAddress.AbsolutePath}) in {ProbeContext.Format(latency)}") { Latency = latency });
        }
        else
        {
            var reason = failure switch
            {
                TaskCanceledException => $"no answer within {ProbeContext.Format(Options.CallTimeout)}",
                HttpRequestException e when tlsFailure => $"TLS handshake failed ({Reason(e)})",
                HttpRequestException e => $"no answer ({Reason(e)}: {Find<SocketException>(failure)?.SocketErrorCode.ToString() ?? failure.Message})",
                _ => failure.Message,
            };
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Connect, DiagnosticStatus.Fail, reason,
                tlsFailure ? "See the TLS check." : "Check the base address, that the service is up, and the proxy/firewall between here and it.") { Latency = latency });
        }

        ReportTls(context, baseAddress, tls, customHandler, tlsFailure);
        return failure is null;
    }

    private void ReportTls(ProbeContext context, Uri baseAddress, TlsObservation tls, bool customHandler, bool handshakeFailed)
    {
        if (baseAddress.Scheme == Uri.UriSchemeHttp)
        {
            context.Report(baseAddress.IsLoopback
                ? new DiagnosticCheck(DiagnosticCheckNames.Tls, DiagnosticStatus.Skipped, "plain HTTP to loopback (local or mock server)")
                : new DiagnosticCheck(DiagnosticCheckNames.Tls, DiagnosticStatus.Warn, "plain HTTP: the key travels unencrypted", "Use an https:// base address."));
            return;
        }

        if (customHandler && !tls.Seen)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Tls, DiagnosticStatus.Skipped, "not observed (a custom HTTP handler is in use)"));
            return;
        }

        if (tls.Errors is { } errors && errors != System.Net.Security.SslPolicyErrors.None || handshakeFailed)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Tls, DiagnosticStatus.Fail,
                $"certificate not trusted ({tls.Errors?.ToString() ?? "handshake failed"}{(tls.Subject is null ? string.Empty : ", " + tls.Subject)})",
                "Fix the server's certificate, or add the proxy's CA to this machine's trust store; never turn validation off."));
            return;
        }

        if (!tls.Seen)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Tls, DiagnosticStatus.Skipped, "no handshake observed"));
            return;
        }

        var protocol = tls.Protocol is { } p and not SslProtocols.None ? p + ", " : string.Empty;
        if (tls.NotAfter is { } notAfter)
        {
            var left = notAfter - Options.TimeProvider.GetUtcNow();
            var expires = $"expires {notAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (in {Math.Max(0, (int)left.TotalDays)} days)";
            context.Report(left < Options.CertificateExpiryWarning
                ? new DiagnosticCheck(DiagnosticCheckNames.Tls, DiagnosticStatus.Warn, $"trusted, {protocol}{expires}", "The provider must renew its certificate soon; calls fail once it expires.")
                : new DiagnosticCheck(DiagnosticCheckNames.Tls, DiagnosticStatus.Ok, $"trusted, {protocol}{expires}"));
        }
        else
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Tls, DiagnosticStatus.Ok, $"trusted{(protocol.Length > 0 ? ", " + protocol.TrimEnd(',', ' ') : string.Empty)}"));
        }
    }

    private static async Task ChatAsync(ProbeContext context, ProviderProbe probe, CancellationToken cancellationToken)
    {
        var message = string.IsNullOrWhiteSpace(context.Diagnosis.ConversationMessage) ? "Hello" : context.Diagnosis.ConversationMessage;
        var chat = await context.CallAsync(DiagnosticCheckNames.Chat, probe.ChatEndpoint, probe.ChatContract,
            ct => context.Client.ChatAsync(new ChatRequest(message), ct), cancellationToken).ConfigureAwait(false);
        if (chat.Value is { } reply)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Chat, DiagnosticStatus.Ok,
                reply.RequiresEscalation ? $"replied in {ProbeContext.Format(chat.Latency)}, asking for a human (escalation)" : $"answered in {ProbeContext.Format(chat.Latency)}")
            { Endpoint = probe.ChatEndpoint, Latency = chat.Latency });
            if (probe.KeyUncheckedReason is null || !string.IsNullOrEmpty(context.Options.ApiKey))
            {
                context.Report(new DiagnosticCheck(DiagnosticCheckNames.Key, DiagnosticStatus.Ok, $"accepted ({probe.ChatEndpoint})") { Endpoint = probe.ChatEndpoint, Latency = chat.Latency });
            }
            if (probe.BotUncheckedReason is null || probe.Provider == SupportBotProvider.AISupportBot)
            {
                context.Report(new DiagnosticCheck(DiagnosticCheckNames.Bot, DiagnosticStatus.Ok, $"answered ({probe.ChatEndpoint})") { Endpoint = probe.ChatEndpoint, Latency = chat.Latency });
            }
        }
        else
        {
            context.ReportFailure(DiagnosticCheckNames.Chat, probe.ChatEndpoint, chat.Error!, chat.Latency);
            if (!context.Has(DiagnosticCheckNames.Chat))
            {
                context.Report(new DiagnosticCheck(DiagnosticCheckNames.Chat,
                    chat.Error!.ErrorCode == SupportBotErrorCode.RateLimited ? DiagnosticStatus.Warn : DiagnosticStatus.Fail,
                    $"no reply: {chat.Error.ErrorCode} (HTTP {chat.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}), see above")
                { Endpoint = probe.ChatEndpoint, Latency = chat.Latency });
            }
        }
    }

    /// <summary>The checks every diagnosis has: what was not reported is skipped with the provider's reason; quota, rate limit, latency.</summary>
    private void Complete(ProbeContext context, ProviderProbe probe)
    {
        var d = Options;
        context.ReportIfAbsent(new DiagnosticCheck(DiagnosticCheckNames.Key, DiagnosticStatus.Skipped, probe.KeyUncheckedReason ?? "not checked"));
        context.ReportIfAbsent(new DiagnosticCheck(DiagnosticCheckNames.Bot, DiagnosticStatus.Skipped, probe.BotUncheckedReason ?? "not checked"));

        if (context.Quota is { } quota)
        {
            var text = $"{quota.Used.ToString("N0", CultureInfo.InvariantCulture)}/{quota.Limit.ToString("N0", CultureInfo.InvariantCulture)} {quota.Unit} ({quota.Fraction.ToString("P0", CultureInfo.InvariantCulture)})";
            context.Report(quota.Fraction >= 1
                ? new DiagnosticCheck(DiagnosticCheckNames.Quota, DiagnosticStatus.Fail, $"exhausted: {text}", "Upgrade the plan or wait for the monthly reset; chats fail until then.")
                : quota.Fraction >= d.QuotaWarningFraction
                    ? new DiagnosticCheck(DiagnosticCheckNames.Quota, DiagnosticStatus.Warn, $"nearly exhausted: {text}", "Upgrade the plan before the quota runs out, or slow usage down.")
                    : new DiagnosticCheck(DiagnosticCheckNames.Quota, DiagnosticStatus.Ok, text));
        }

        if (context.QuotaWarningHeader is { } warning)
        {
            context.Report(new DiagnosticCheck(DiagnosticCheckNames.Quota, DiagnosticStatus.Warn, $"provider warns: {warning}", "Upgrade the plan before the quota runs out, or slow usage down."));
        }

        context.ReportIfAbsent(new DiagnosticCheck(DiagnosticCheckNames.Quota, DiagnosticStatus.Skipped, probe.QuotaUnreportedReason));

        if (context.RateLimit is { } rl)
        {
            var left = rl.Remaining is { } remaining && rl.Limit is { } limit ? $"{remaining}/{limit} left in the window" : rl.Remaining is { } r ? $"{r} left in the window" : "Retry-After sent";
            context.Report(rl.Remaining is 0 || (rl.Remaining is { } rem && rl.Limit is { } lim && lim > 0 && rem < lim * 0.1)
                ? new DiagnosticCheck(DiagnosticCheckNames.RateLimit, DiagnosticStatus.Warn, $"almost rate limited: {left}", "Send fewer requests (SupportBotClientOptions.ClientRateLimit).")
                : new DiagnosticCheck(DiagnosticCheckNames.RateLimit, DiagnosticStatus.Ok, left));
        }

        context.ReportIfAbsent(new DiagnosticCheck(DiagnosticCheckNames.RateLimit, DiagnosticStatus.Skipped, "no rate-limit headers sent"));

        if (!d.IncludeChat)
        {
            context.ReportIfAbsent(new DiagnosticCheck(DiagnosticCheckNames.Chat, DiagnosticStatus.Skipped, "not asked (it sends one message, counted against the quota)"));
        }

        var answered = context.Calls.Where(c => c.StatusCode is not null).ToList();
        if (answered.Count > 0)
        {
            var slowest = answered.MaxBy(c => c.Latency)!;
            var text = $"slowest {slowest.Endpoint} {ProbeContext.Format(slowest.Latency)} over {answered.Count} call(s)";
            context.Report(slowest.Latency >= d.SlowThreshold
                ? new DiagnosticCheck(DiagnosticCheckNames.Latency, DiagnosticStatus.Warn, $"{text} (≥ {ProbeContext.Format(d.SlowThreshold)})",
                    "The provider is slow: raise timeouts, show users a typing indicator, or check the network path.")
                { Endpoint = slowest.Endpoint, Latency = slowest.Latency }
                : new DiagnosticCheck(DiagnosticCheckNames.Latency, DiagnosticStatus.Ok, text) { Endpoint = slowest.Endpoint, Latency = slowest.Latency });
        }
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T t)
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Why the request did not reach the server: .NET's <c>HttpRequestError</c>, .NET Framework's <c>WebExceptionStatus</c>.</summary>
    private static string Reason(HttpRequestException exception) =>
#if NET
        exception.HttpRequestError.ToString();
#else
        (exception.InnerException as WebException)?.Status.ToString() ?? "Unknown";
#endif
}
