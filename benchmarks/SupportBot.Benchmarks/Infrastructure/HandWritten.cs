using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using SupportBot.Client;

namespace SupportBot.Benchmarks.Infrastructure;

// The baseline: the HttpClient code a developer would write for one provider without the SDK — their own DTOs,
// their own source-generated System.Text.Json context, PostAsJsonAsync + ReadFromJsonAsync, auth as a default
// header on their HttpClient, and one exception type of their own for a 429. No SDK types on this path.

public sealed record AisbRequest(string AssistantId, string Message);
public sealed record AisbUsage([property: JsonPropertyName("prompt_tokens")] int PromptTokens, [property: JsonPropertyName("completion_tokens")] int CompletionTokens, [property: JsonPropertyName("total_tokens")] int TotalTokens);
public sealed record AisbResponse(string? Response, bool RequiresEscalation, AisbUsage? Usage);
public sealed record AsyntaiRequest(string Message, int? WebsiteId);
public sealed record AsyntaiResponse(bool Success, string? Response, string? SessionId, string? Error);
public sealed record GenieRequest(string Message, string WidgetId);
public sealed record GenieResponse(string? Id, string? Message, DateTimeOffset? Timestamp);
public sealed record AskIaRequest(string BotId, string Message);
public sealed record AskIaResponse(string? Reply, string? ConversationId, string? MessageId);
public sealed record AgentRequest(string Message);
public sealed record AgentSource(string DocumentId, string? Title, string? Excerpt);
public sealed record AgentResponse(string? Answer, string? ConversationId, string? MessageId, IReadOnlyList<AgentSource>? Sources, double? Confidence);
public sealed record ErrorResponse(string? Error, string? Details);
public sealed record AgentErrorDetail(string? Code, string? Message);
public sealed record AgentErrorResponse(AgentErrorDetail? Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AisbRequest))]
[JsonSerializable(typeof(AisbResponse))]
[JsonSerializable(typeof(GenieRequest))]
[JsonSerializable(typeof(GenieResponse))]
[JsonSerializable(typeof(AskIaRequest))]
[JsonSerializable(typeof(AskIaResponse))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class CamelJson : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AsyntaiRequest))]
[JsonSerializable(typeof(AsyntaiResponse))]
[JsonSerializable(typeof(AgentRequest))]
[JsonSerializable(typeof(AgentResponse))]
[JsonSerializable(typeof(AgentErrorResponse))]
public sealed partial class SnakeJson : JsonSerializerContext;

/// <summary>The developer's own exception for "the bot said 429".</summary>
public sealed class HandWrittenTooManyRequestsException(string message, TimeSpan? retryAfter) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

public static class HandWritten
{
    /// <summary>An HttpClient set up the way a developer would for one provider: base address and auth header once.</summary>
    public static HttpClient CreateHttpClient(SupportBotProvider provider, HttpMessageHandler handler, Uri baseAddress, bool disposeHandler = true)
    {
        var http = new HttpClient(handler, disposeHandler) { BaseAddress = baseAddress };
        var key = Fixtures.ApiKey(provider);
        switch (provider)
        {
            case SupportBotProvider.AISupportBot:
                http.DefaultRequestHeaders.Add("X-API-Key", key);
                break;
            case SupportBotProvider.AskIA:
                break;
            default:
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                break;
        }

        return http;
    }

    /// <summary>One chat round trip, returning the answer text.</summary>
    public static async Task<string?> ChatAsync(SupportBotProvider provider, HttpClient http, string message, CancellationToken cancellationToken = default)
    {
        switch (provider)
        {
            case SupportBotProvider.AISupportBot:
            {
                using var response = await http.PostAsJsonAsync("chat", new AisbRequest("clz1abc...", message), CamelJson.Default.AisbRequest, cancellationToken).ConfigureAwait(false);
                await ThrowIfTooManyAsync(response, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync(CamelJson.Default.AisbResponse, cancellationToken).ConfigureAwait(false);
                return body?.Response;
            }

            case SupportBotProvider.Asyntai:
            {
                using var response = await http.PostAsJsonAsync("chat/", new AsyntaiRequest(message, 1), SnakeJson.Default.AsyntaiRequest, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync(SnakeJson.Default.AsyntaiResponse, cancellationToken).ConfigureAwait(false);
                return body?.Response;
            }

            case SupportBotProvider.ChatSupportAI:
            {
                using var response = await http.PostAsJsonAsync("widget/chat", new GenieRequest(message, "YOUR_WIDGET_ID"), CamelJson.Default.GenieRequest, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync(CamelJson.Default.GenieResponse, cancellationToken).ConfigureAwait(false);
                return body?.Message;
            }

            case SupportBotProvider.AskIA:
            {
                using var response = await http.PostAsJsonAsync("widget/chat", new AskIaRequest("YOUR_BOT_ID", message), CamelJson.Default.AskIaRequest, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync(CamelJson.Default.AskIaResponse, cancellationToken).ConfigureAwait(false);
                return body?.Reply;
            }

            case SupportBotProvider.AgentApi:
            {
                using var response = await http.PostAsJsonAsync("v1/query", new AgentRequest(message), SnakeJson.Default.AgentRequest, cancellationToken).ConfigureAwait(false);
                await ThrowIfTooManyAsync(response, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync(SnakeJson.Default.AgentResponse, cancellationToken).ConfigureAwait(false);
                return body?.Answer;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(provider));
        }
    }

    /// <summary>What a developer writes for a 429: read the error body and Retry-After, throw their own exception.</summary>
    private static async Task ThrowIfTooManyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return;
        }

        var retryAfter = response.Headers.RetryAfter?.Delta;
        if (response.RequestMessage?.RequestUri?.AbsolutePath.EndsWith("v1/query", StringComparison.Ordinal) == true)
        {
            var agentError = await response.Content.ReadFromJsonAsync(SnakeJson.Default.AgentErrorResponse, cancellationToken).ConfigureAwait(false);
            throw new HandWrittenTooManyRequestsException($"Rate limited: {agentError?.Error?.Message}", retryAfter);
        }

        var error = await response.Content.ReadFromJsonAsync(CamelJson.Default.ErrorResponse, cancellationToken).ConfigureAwait(false);
        throw new HandWrittenTooManyRequestsException($"{error?.Error}: {error?.Details}", retryAfter);
    }
}
