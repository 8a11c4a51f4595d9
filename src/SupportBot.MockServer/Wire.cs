using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using SupportBot.Client.Providers.AgentApi;
using SupportBot.Client.Providers.AISupportBot;
using SupportBot.Client.Providers.AskIA;
using SupportBot.Client.Providers.Asyntai;
using SupportBot.Client.Providers.ChatSupportAI;

namespace SupportBot.MockServer;

/// <summary>AISupportBot / ChatSupport AI / AskIA error body <c>{error, details?}</c>.</summary>
internal sealed record ErrorBody(string Error, string? Details = null);

/// <summary>Asyntai error body <c>{success:false, error}</c>.</summary>
internal sealed record AsyntaiErrorBody(bool Success, string Error);

/// <summary>AgentApi error body <c>{error:{code, message}}</c>.</summary>
internal sealed record AgentErrorBody(AgentError Error);

/// <summary>AgentApi error detail.</summary>
internal sealed record AgentError(string Code, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(AISupportBotChatResponse))]
[JsonSerializable(typeof(ChatSupportAIChatResponse))]
[JsonSerializable(typeof(ChatSupportAIScrapeResponse))]
[JsonSerializable(typeof(ChatSupportAIWidgetConfig))]
[JsonSerializable(typeof(AskIaChatResponse))]
[JsonSerializable(typeof(AskIaBot))]
[JsonSerializable(typeof(AskIaBranding))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class CamelWire : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AsyntaiErrorBody))]
[JsonSerializable(typeof(AsyntaiChatResponse))]
[JsonSerializable(typeof(AsyntaiWebsitesResponse))]
[JsonSerializable(typeof(AsyntaiConversationResponse))]
[JsonSerializable(typeof(AsyntaiAccountResponse))]
[JsonSerializable(typeof(AgentErrorBody))]
[JsonSerializable(typeof(AgentApiQueryResponse))]
[JsonSerializable(typeof(AgentApiDocument))]
[JsonSerializable(typeof(AgentApiDocumentList))]
[JsonSerializable(typeof(AgentApiJob))]
[JsonSerializable(typeof(AgentApiConversationList))]
[JsonSerializable(typeof(AgentApiConversation))]
[JsonSerializable(typeof(AgentApiGapList))]
[JsonSerializable(typeof(AgentApiActionList))]
[JsonSerializable(typeof(AgentApiActionResult))]
[JsonSerializable(typeof(AgentApiUsage))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SnakeWire : JsonSerializerContext;

/// <summary>A response to write: status, JSON bytes, extra headers.</summary>
internal sealed record Reply(int Status, byte[] Body, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public static Reply Json<T>(int status, T value, JsonTypeInfo<T> type, params KeyValuePair<string, string>[] headers) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(value, type), headers.Length == 0 ? null : headers);

    public static Reply Empty(int status) => new(status, []);

    public static KeyValuePair<string, string> Header(string name, string value) => new(name, value);

    public async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        if (Headers is not null)
        {
            foreach (var (name, value) in Headers)
            {
                context.Response.Headers[name] = value;
            }
        }

        if (Body.Length > 0)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = Body.Length;
            await context.Response.Body.WriteAsync(Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}

/// <summary>Request body helpers: lenient JSON reading (a missing or mistyped field is a 400, not an exception).</summary>
internal static class RequestJson
{
    public static JsonObject? Object(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static bool Has(JsonObject? o, string name) => o is not null && o.TryGetPropertyValue(name, out var v) && v is not null;

    public static int? Int(JsonObject? o, string name, out bool invalid)
    {
        invalid = false;
        if (o is null || !o.TryGetPropertyValue(name, out var v) || v is null)
        {
            return null;
        }

        if (v is JsonValue value)
        {
            if (value.TryGetValue<int>(out var i))
            {
                return i;
            }

            if (value.TryGetValue<string>(out var s) && int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out i))
            {
                return i;
            }

            if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
            {
                return (int)d;
            }
        }

        invalid = true;
        return null;
    }

    public static string Utf8(byte[] body) => Encoding.UTF8.GetString(body);
}

/// <summary>Serializer contexts with relaxed escaping, so "é" goes out as UTF-8 like the real services send it.</summary>
internal static class Json
{
    public static readonly CamelWire Camel = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static readonly SnakeWire Snake = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
