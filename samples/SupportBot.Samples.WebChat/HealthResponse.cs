using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SupportBot.Samples.WebChat;

/// <summary>Writes the health report as JSON (with Utf8JsonWriter: no reflection): overall status, then each check with its data.</summary>
internal static class HealthResponse
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                json.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    switch (value)
                    {
                        case bool b: json.WriteBoolean(key, b); break;
                        case double d: json.WriteNumber(key, d); break;
                        case DateTimeOffset t: json.WriteString(key, t); break;
                        default: json.WriteString(key, value?.ToString()); break;
                    }
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray());
    }
}
