using SupportBot.Client;

namespace SupportBot.Cli.Eval;

/// <summary>Runs a corpus against a client with bounded concurrency; every question gets a fresh conversation.</summary>
internal sealed class EvalRunner(ISupportBotClient client, TimeProvider timeProvider)
{
    /// <summary>
    /// Asks every question. Errors are recorded per question, never thrown — except authentication failures and invalid
    /// options (nothing can pass), which stop the run and are rethrown.
    /// </summary>
    /// <param name="cases">The corpus.</param>
    /// <param name="concurrency">Questions in flight at once.</param>
    /// <param name="onCompleted">Called after each question (for the progress bar); thread-safe callers only.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Results in corpus order.</returns>
    public async Task<IReadOnlyList<EvalResult>> RunAsync(
        IReadOnlyList<EvalCase> cases,
        int concurrency,
        Action<EvalResult>? onCompleted,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var results = new EvalResult[cases.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? fatal = null;
        var gate = new object();
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, cases.Count),
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop.Token },
                async (i, ct) =>
                {
                    if (ct.IsCancellationRequested)
                    {
                        // A fatal error stopped the run; items the loop already handed out are not sent.
                        return;
                    }

                    var evalCase = cases[i];
                    var started = timeProvider.GetTimestamp();
                    EvalResult result;
                    try
                    {
                        var reply = await client.ChatAsync(new ChatRequest(evalCase.Question), ct).ConfigureAwait(false);
                        result = EvalScoring.Score(evalCase, reply, timeProvider.GetElapsedTime(started));
                    }
                    catch (Exception ex) when (ex is SupportBotAuthenticationException or SupportBotValidationException { ParameterName: not "Message" and not "request" })
                    {
                        lock (gate)
                        {
                            fatal ??= ex;
                        }

                        await stop.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                    catch (SupportBotException ex)
                    {
                        result = EvalScoring.Failure(evalCase, ex, timeProvider.GetElapsedTime(started));
                    }
                    catch (HttpRequestException ex)
                    {
                        result = EvalScoring.Failure(evalCase, ex, timeProvider.GetElapsedTime(started));
                    }

                    results[i] = result;
                    onCompleted?.Invoke(result);
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (fatal is not null)
        {
        }

        if (fatal is not null)
        {
            throw fatal;
        }

        return results;
    }
}
