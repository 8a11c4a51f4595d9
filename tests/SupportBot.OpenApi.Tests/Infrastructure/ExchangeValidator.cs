using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.OpenApi.Tests.Infrastructure;

/// <summary>A request as the documents see it: method, path after the provider's server path, query, headers, JSON body.</summary>
public sealed record WireRequest(string Method, string RelativePath, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, JsonNode? Body, bool HasBody);

/// <summary>Checks one request/response exchange against its document: the operation, parameters, body, security, status, response body and headers.</summary>
public static class ExchangeValidator
{
    /// <summary>Problems of the request (empty when the document accepts it). <paramref name="operation"/> is set when the path and method are documented.</summary>
    public static IReadOnlyList<string> Request(ProviderDocument document, WireRequest request, out Operation? operation)
    {
        var errors = new List<string>();
        operation = document.Find(request.Method, request.RelativePath);
        if (operation is null)
        {
            errors.Add($"{request.Method} {request.RelativePath} is not an operation of {document.Name}.yaml");
            return errors;
        }

        var pathValues = operation.PathValues(request.RelativePath);
        foreach (var p in operation.Parameters.Select(p => p!.AsObject()))
        {
            var name = (string)p["name"]!;
            var location = (string)p["in"]!;
            string? value = location switch
            {
                "path" => pathValues.GetValueOrDefault(name),
                "query" => request.Query.GetValueOrDefault(name),
                "header" => request.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value,
                _ => null,
            };
            if (value is null)
            {
                if ((bool?)p["required"] == true)
                {
                    errors.Add($"{location} parameter '{name}' is required");
                }

                continue;
            }

            var schema = p["schema"]!;
            var type = (string?)document.Resolve(schema)["type"];
            JsonNode? typed = type is "integer" or "number" && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : type == "boolean" && bool.TryParse(value, out var flag) ? JsonValue.Create(flag) : JsonValue.Create(value);
            errors.AddRange(document.Validate(schema, typed).Select(e => $"{location} parameter '{name}': {e}"));
        }

        var body = operation.RequestBody;
        if (body is null)
        {
            if (request.HasBody && request.Body is JsonObject { Count: > 0 })
            {
                errors.Add("the operation takes no body");
            }
        }
        else if (!request.HasBody)
        {
            if ((bool?)body["required"] == true)
            {
                errors.Add("the body is required");
            }
        }
        else
        {
            var schema = body["content"]?["application/json"]?["schema"];
            if (schema is null)
            {
                errors.Add("the operation documents no application/json body");
            }
            else
            {
                errors.AddRange(document.Validate(schema, request.Body).Select(e => "body " + e));
            }
        }

        if (!SecuritySatisfied(document, operation, request.Headers))
        {
            errors.Add("no security requirement of the operation is met by the request's headers");
        }

        return errors;
    }

    /// <summary>Problems of the response to <paramref name="operation"/> (empty when the document describes it).</summary>
    public static IReadOnlyList<string> Response(Operation operation, int status, IReadOnlyDictionary<string, string> headers, JsonNode? body, bool hasBody)
    {
        var errors = new List<string>();
        var response = operation.Response(status);
        if (response is null)
        {
            errors.Add($"{operation}: status {status} is not documented");
            return errors;
        }

        var declared = response["headers"] as JsonObject ?? [];
        foreach (var (name, value) in headers)
        {
            if (IsRateOrQuotaHeader(name))
            {
                var header = declared.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
                if (header is null)
                {
                    errors.Add($"{operation} {status}: header {name} is sent but not documented");
                    continue;
                }

                var schema = operation.Document.Resolve(header)["schema"]!;
                var type = (string?)operation.Document.Resolve(schema)["type"];
                JsonNode typed = type == "integer" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(value);
                errors.AddRange(operation.Document.Validate(schema, typed).Select(e => $"header {name}: {e}"));
            }
        }

        foreach (var (name, header) in declared)
        {
            if ((bool?)operation.Document.Resolve(header!)["required"] == true && !headers.Keys.Any(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{operation} {status}: required header {name} is missing");
            }
        }

        var content = response["content"] as JsonObject;
        if (content is null)
        {
            if (hasBody)
            {
                errors.Add($"{operation} {status}: the document says no body, one was sent");
            }

            return errors;
        }

        var schemaNode = content["application/json"]?["schema"];
        if (schemaNode is null)
        {
            errors.Add($"{operation} {status}: no application/json schema");
            return errors;
        }

        errors.AddRange(operation.Document.Validate(schemaNode, body).Select(e => $"{operation} {status} body {e}"));
        return errors;
    }

    /// <summary>Retry-After, X-RateLimit-*, X-Quota-*: the headers a document must declare when a server sends them.</summary>
    public static bool IsRateOrQuotaHeader(string name) =>
        name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-RateLimit-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Quota-", StringComparison.OrdinalIgnoreCase);

    private static bool SecuritySatisfied(ProviderDocument document, Operation operation, IReadOnlyDictionary<string, string> headers)
    {
        var requirements = operation.Security;
        if (requirements.Count == 0)
        {
            return true;
        }

        foreach (var requirement in requirements.Select(r => r!.AsObject()))
        {
            var met = true;
            foreach (var (schemeName, _) in requirement)
            {
                var scheme = document.Json["components"]!["securitySchemes"]![schemeName]!.AsObject();
                met &= (string?)scheme["type"] switch
                {
                    "apiKey" when (string?)scheme["in"] == "header" => HasHeader(headers, (string)scheme["name"]!, null),
                    "http" when (string?)scheme["scheme"] == "bearer" => HasHeader(headers, "Authorization", "Bearer "),
                    _ => false,
                };
            }

            if (met)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasHeader(IReadOnlyDictionary<string, string> headers, string name, string? prefix) =>
        headers.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase) && h.Value.Length > (prefix?.Length ?? 0)
            && (prefix is null || h.Value.StartsWith(prefix, StringComparison.Ordinal)));
}
