using System.Net;
using SupportBot.Client.Extensions.Tests.Infrastructure;

namespace SupportBot.Client.Extensions.Tests.Resilience;

/// <summary>The full retry matrix of DESIGN.md, on fake time, against a scripted transport. MaxRetries 3: "retried" means 4 attempts.</summary>
public sealed class RetryMatrixTests
{
    public enum Fault
    {
        ConnectionRefused,
        ConnectionReset,
        AttemptTimeout,
        Status400,
        Status401,
        Status403,
        Status404,
        Status408,
        RateLimit429,
        Quota429,
        Status500,
        Status502,
        Status503,
        Status504,
    }

    private static readonly Fault[] GetRetried =
        [Fault.ConnectionRefused, Fault.ConnectionReset, Fault.AttemptTimeout, Fault.Status408, Fault.RateLimit429, Fault.Status500, Fault.Status502, Fault.Status503, Fault.Status504];

    private static readonly Fault[] PostRetried = [Fault.ConnectionRefused, Fault.RateLimit429, Fault.Status503];

    private static readonly Fault[] PostRetriedWhenUnsafeAllowed =
        [Fault.ConnectionRefused, Fault.ConnectionReset, Fault.AttemptTimeout, Fault.Status408, Fault.RateLimit429, Fault.Status500, Fault.Status502, Fault.Status503, Fault.Status504];

    /// <summary>Every case twice: under the SDK's own handler and under Microsoft.Extensions.Http.Resilience (DI).</summary>
    public static TheoryData<string, Fault, bool, bool, bool> Matrix()
    {
        var data = new TheoryData<string, Fault, bool, bool, bool>();
        foreach (var di in new[] { false, true })
        {
            foreach (var fault in Enum.GetValues<Fault>())
            {
                data.Add("GET", fault, false, GetRetried.Contains(fault), di);
                data.Add("GET", fault, true, GetRetried.Contains(fault), di);
                data.Add("POST", fault, false, PostRetried.Contains(fault), di);
                data.Add("POST", fault, true, PostRetriedWhenUnsafeAllowed.Contains(fault), di);
                data.Add("PUT", fault, false, PostRetried.Contains(fault), di);
                data.Add("DELETE", fault, false, PostRetried.Contains(fault), di);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Fault_is_retried_exactly_per_the_design(string method, Fault fault, bool retryUnsafe, bool retried, bool viaDependencyInjection)
    {
        using var h = new ResilienceHarness(
            o =>
            {
                o.AttemptTimeout = TimeSpan.FromSeconds(2);
                o.TotalTimeout = TimeSpan.FromSeconds(60);
                o.Retry = new SupportBotRetryOptions { UseJitter = false, RetryUnsafeRequests = retryUnsafe };
            },
            viaDependencyInjection: viaDependencyInjection);
        Script(h.Stub, fault);

        var act = () => h.SendAsync(new HttpMethod(method));

        switch (fault)
        {
            case Fault.ConnectionRefused or Fault.ConnectionReset:
                await act.Should().ThrowAsync<HttpRequestException>();
                break;
            case Fault.AttemptTimeout:
                (await act.Should().ThrowAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
                break;
            default:
                using (var response = await act())
                {
                    response.StatusCode.Should().Be(StatusOf(fault));
                }

                break;
        }

        h.Stub.Count.Should().Be(retried ? 4 : 1);
        if (retried)
        {
            // Exponential from 1 s without jitter: 1, 2, 4 s between attempts (plus the attempt time for timeouts).
            var attempt = fault == Fault.AttemptTimeout ? TimeSpan.FromSeconds(2) : TimeSpan.Zero;
            var at = h.Stub.Calls.Select(c => c.At - h.Time.Start).ToArray();
            at.Should().Equal(
                TimeSpan.Zero,
                attempt + TimeSpan.FromSeconds(1),
                TimeSpan.FromTicks(2 * attempt.Ticks) + TimeSpan.FromSeconds(3),
                TimeSpan.FromTicks(3 * attempt.Ticks) + TimeSpan.FromSeconds(7));
        }
    }

    [Fact]
    public async Task Recovers_when_a_retry_succeeds()
    {
        using var h = new ResilienceHarness();
        h.Stub.ThenRespond(503).ThenRespond(502).ThenRespond(200, "{}");

        using var response = await h.SendAsync(HttpMethod.Get);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        h.Stub.Count.Should().Be(3);
    }

    [Fact]
    public async Task Jittered_backoff_stays_around_the_exponential_delays()
    {
        using var h = new ResilienceHarness(o => o.Retry = new SupportBotRetryOptions { UseJitter = true });
        h.Stub.ThenRespond(503);

        using var response = await h.SendAsync(HttpMethod.Get);

        h.Stub.Count.Should().Be(4);
        var gaps = h.Stub.Calls.Zip(h.Stub.Calls.Skip(1), (a, b) => b.At - a.At).ToArray();
        gaps.Should().OnlyContain(g => g > TimeSpan.Zero && g < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task MaxRetries_zero_sends_once()
    {
        using var h = new ResilienceHarness(o => o.Retry = new SupportBotRetryOptions { MaxRetries = 0 });
        h.Stub.ThenRespond(503);

        using var response = await h.SendAsync(HttpMethod.Get);

        h.Stub.Count.Should().Be(1);
    }

    [Fact]
    public async Task Request_body_is_sent_again_on_each_retry()
    {
        using var h = new ResilienceHarness();
        var bodies = new List<string>();
        h.Stub.Then(async (req, ct) =>
        {
            bodies.Add(await req.Content!.ReadAsStringAsync(ct));
            return StubHandler.Response(bodies.Count < 3 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK, "{}");
        });

        using var response = await h.SendAsync(HttpMethod.Post);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        bodies.Should().HaveCount(3).And.OnlyContain(b => b == "{\"message\":\"hi\"}");
    }

    private static HttpStatusCode StatusOf(Fault fault) => fault switch
    {
        Fault.Status400 => HttpStatusCode.BadRequest,
        Fault.Status401 => HttpStatusCode.Unauthorized,
        Fault.Status403 => HttpStatusCode.Forbidden,
        Fault.Status404 => HttpStatusCode.NotFound,
        Fault.Status408 => HttpStatusCode.RequestTimeout,
        Fault.RateLimit429 or Fault.Quota429 => (HttpStatusCode)429,
        Fault.Status500 => HttpStatusCode.InternalServerError,
        Fault.Status502 => HttpStatusCode.BadGateway,
        Fault.Status503 => HttpStatusCode.ServiceUnavailable,
        Fault.Status504 => HttpStatusCode.GatewayTimeout,
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };

    private static void Script(StubHandler stub, Fault fault)
    {
        switch (fault)
        {
            case Fault.ConnectionRefused:
                stub.Then((_, _) => Task.FromException<HttpResponseMessage>(StubHandler.ConnectionRefused()));
                break;
            case Fault.ConnectionReset:
                stub.Then((_, _) => Task.FromException<HttpResponseMessage>(StubHandler.ConnectionReset()));
                break;
            case Fault.AttemptTimeout:
                stub.ThenHang();
                break;
            case Fault.RateLimit429:
                stub.ThenRespond(429, "{\"error\":\"Too many requests, slow down\"}");
                break;
            case Fault.Quota429:
                stub.ThenRespond(429, "{\"error\":\"Monthly quota exceeded for this plan\"}");
                break;
            default:
                stub.ThenRespond(StatusOf(fault), "{\"error\":\"x\"}");
                break;
        }
    }
}
