using System.Net;
using SupportBot.Client.Extensions.Tests.Infrastructure;

namespace SupportBot.Client.Extensions.Tests.Resilience;

public sealed class CircuitBreakerAndTimeoutTests
{
    private const string Answer = "{\"answer\":\"ok\",\"conversation_id\":\"c1\",\"message_id\":\"m1\",\"confidence\":0.9}";

    [Fact]
    public async Task Circuit_opens_then_half_opens_then_closes()
    {
        using var h = new ResilienceHarness(o =>
        {
            o.Retry = new SupportBotRetryOptions { MaxRetries = 0 };
            o.CircuitBreaker = new SupportBotCircuitBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 2, BreakDuration = TimeSpan.FromSeconds(5) };
        });
        h.Stub.ThenRespond(500).ThenRespond(500).ThenRespond(200, "{}");
        using var client = h.CreateClient();

        // Two failures out of two: the circuit opens.
        (await Send()).Should().Be(SupportBotErrorCode.ServerError);
        (await Send()).Should().Be(SupportBotErrorCode.ServerError);

        // Open: rejected without a request, as ServiceUnavailable with the break's remaining time.
        var open = await Capture(() => h.Time.RunAsync(() => client.GetAccountAsync()));
        open.ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);
        open.Message.Should().Contain("circuit breaker is open");
        open.InnerException.Should().BeOfType<Polly.CircuitBreaker.BrokenCircuitException>();
        h.Stub.Count.Should().Be(2);

        // After the break: half-open lets one trial through; it succeeds and the circuit closes.
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Time.RunAsync(() => client.GetAccountAsync());
        h.Stub.Count.Should().Be(3);
        await h.Time.RunAsync(() => client.GetAccountAsync());
        await h.Time.RunAsync(() => client.GetAccountAsync());
        h.Stub.Count.Should().Be(5);

        async Task<SupportBotErrorCode> Send() => (await Capture(() => h.Time.RunAsync(() => client.GetAccountAsync()))).ErrorCode;
    }

    [Fact]
    public async Task Failed_half_open_trial_opens_the_circuit_again()
    {
        using var h = new ResilienceHarness(o =>
        {
            o.Retry = new SupportBotRetryOptions { MaxRetries = 0 };
            o.CircuitBreaker = new SupportBotCircuitBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 2, BreakDuration = TimeSpan.FromSeconds(5) };
        });
        h.Stub.ThenRespond(503);
        using var client = h.CreateClient();
        await Capture(() => h.Time.RunAsync(() => client.GetAccountAsync()));
        await Capture(() => h.Time.RunAsync(() => client.GetAccountAsync()));

        h.Time.Advance(TimeSpan.FromSeconds(5));
        (await Capture(() => h.Time.RunAsync(() => client.GetAccountAsync()))).ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);
        h.Stub.Count.Should().Be(3);
        (await Capture(() => h.Time.RunAsync(() => client.GetAccountAsync()))).InnerException.Should().BeOfType<Polly.CircuitBreaker.BrokenCircuitException>();
        h.Stub.Count.Should().Be(3);
    }

    [Fact]
    public async Task Quota_429_does_not_count_against_the_circuit()
    {
        using var h = new ResilienceHarness(o =>
        {
            o.Retry = new SupportBotRetryOptions { MaxRetries = 0 };
            o.CircuitBreaker = new SupportBotCircuitBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 2 };
        });
        h.Stub.ThenRespond(429, "{\"error\":\"quota exhausted\"}");
        using var client = h.CreateClient();

        for (var i = 0; i < 4; i++)
        {
            (await Capture(() => h.Time.RunAsync(() => client.GetAccountAsync()))).Should().BeOfType<SupportBotQuotaExceededException>();
        }

        h.Stub.Count.Should().Be(4);
    }

    [Fact]
    public async Task Attempt_timeout_is_a_Timeout_error_naming_the_attempt()
    {
        using var h = new ResilienceHarness(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.TotalTimeout = TimeSpan.FromSeconds(30);
        });
        h.Stub.ThenHang();
        using var client = h.CreateClient();

        var ex = await Capture(() => h.Time.RunAsync(() => client.ChatAsync("hello")));

        ex.ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
        ex.Message.Should().Contain("attempt timeout");
        ex.Provider.Should().Be(SupportBotProvider.AgentApi);
        ex.Operation.Should().Be("Query");
        h.Stub.Count.Should().Be(1, "a POST is not retried after an attempt timeout");
        h.Time.Elapsed.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Total_timeout_is_a_Timeout_error_naming_the_total_budget()
    {
        using var h = new ResilienceHarness(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.TotalTimeout = TimeSpan.FromSeconds(15);
        });
        h.Stub.ThenHang();
        using var client = h.CreateClient();

        var ex = await Capture(() => h.Time.RunAsync(() => client.GetAccountAsync()));

        ex.ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
        ex.Message.Should().Contain("total timeout");
        h.Stub.Count.Should().Be(2, "attempt 1 times out at 10 s, attempt 2 starts at 11 s and is cut at 15 s");
        h.Time.Elapsed.Should().Be(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Total_timeout_during_a_backoff_delay_is_a_Timeout_error()
    {
        using var h = new ResilienceHarness(o =>
        {
            o.TotalTimeout = TimeSpan.FromSeconds(5);
            o.Retry = new SupportBotRetryOptions { UseJitter = false, BaseDelay = TimeSpan.FromSeconds(4) };
        });
        h.Stub.ThenRespond(503);
        using var client = h.CreateClient();

        var ex = await Capture(() => h.Time.RunAsync(() => client.GetAccountAsync()));

        ex.ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
        h.Stub.Count.Should().Be(2);
        h.Time.Elapsed.Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Caller_cancellation_stays_OperationCanceledException_and_is_not_retried()
    {
        using var h = new ResilienceHarness();
        using var cts = new CancellationTokenSource();
        h.Stub.Then(async (_, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var client = h.CreateClient();

        var act = () => h.Time.RunAsync(() => client.GetAccountAsync(cts.Token));

        var ex = (await act.Should().ThrowAsync<OperationCanceledException>()).Which;
        ex.Should().NotBeAssignableTo<SupportBotException>();
        h.Stub.Count.Should().Be(1);
        h.Time.Elapsed.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task Caller_cancellation_during_a_backoff_delay_stays_OperationCanceledException()
    {
        using var h = new ResilienceHarness();
        #if NET
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500), h.Time);
#else
        using var cts = h.Time.CreateCancellationTokenSource(TimeSpan.FromMilliseconds(500));
#endif
        h.Stub.ThenRespond(503);
        using var client = h.CreateClient();

        var act = () => h.Time.RunAsync(() => client.GetAccountAsync(cts.Token));

        (await act.Should().ThrowAsync<OperationCanceledException>()).Which.Should().NotBeAssignableTo<SupportBotException>();
        h.Stub.Count.Should().Be(1);
        h.Time.Elapsed.Should().Be(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Caller_cancellation_observed_after_a_failed_attempt_stays_OperationCanceledException()
    {
        using var h = new ResilienceHarness();
        using var cts = new CancellationTokenSource();
        h.Stub.Then(async (_, _) =>
        {
            await cts.CancelAsync();
            return StubHandler.Response(HttpStatusCode.ServiceUnavailable);
        });
        using var client = h.CreateClient();

        var act = () => h.Time.RunAsync(() => client.GetAccountAsync(cts.Token));

        await act.Should().ThrowAsync<OperationCanceledException>();
        h.Stub.Count.Should().Be(1);
    }

    [Fact]
    public async Task Timeouts_and_cancellation_are_three_distinct_outcomes()
    {
        using var attempt = new ResilienceHarness(o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        attempt.Stub.ThenHang();
        using var total = new ResilienceHarness(o => o.TotalTimeout = TimeSpan.FromSeconds(1));
        total.Stub.ThenHang();
        using var caller = new ResilienceHarness();
        caller.Stub.ThenHang();
        using var cts = new CancellationTokenSource();

        var a = await Capture<Exception>(() => attempt.Time.RunAsync(() => attempt.CreateClient().ChatAsync("x")));
        var t = await Capture<Exception>(() => total.Time.RunAsync(() => total.CreateClient().ChatAsync("x")));
        var c = await Capture<Exception>(() => caller.Time.RunAsync(() =>
        {
            var task = caller.CreateClient().ChatAsync("x", cancellationToken: cts.Token);
            cts.Cancel();
            return task;
        }));

        a.Should().BeOfType<SupportBotException>().Which.Message.Should().Contain("attempt timeout");
        t.Should().BeOfType<SupportBotException>().Which.Message.Should().Contain("total timeout");
        ((SupportBotException)a).ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
        ((SupportBotException)t).ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
        c.Should().BeAssignableTo<OperationCanceledException>();
    }

    private static Task<SupportBotException> Capture(Func<Task> action) => Capture<SupportBotException>(action);

    private static async Task<T> Capture<T>(Func<Task> action)
        where T : Exception
    {
        try
        {
            await action();
        }
        catch (T ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException($"Expected {typeof(T).Name}, nothing was thrown.");
    }
}
