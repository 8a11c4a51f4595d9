using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SupportBot.MockServer.Providers;

namespace SupportBot.MockServer;

/// <summary>
/// Serves the OpenAPI 3.1 document of each provider (contracts/openapi/&lt;provider&gt;.yaml, embedded as it is) at
/// <c>GET /&lt;provider&gt;/openapi.yaml</c>, beside the provider's routes: no key needed, no quota counted.
/// </summary>
internal static class OpenApiDocuments
{
    /// <summary>The media type of the documents.</summary>
    public const string MediaType = "application/yaml; charset=utf-8";

    /// <summary>The document's name: the first segment of the provider's prefix (<c>asyntai</c> of <c>asyntai/api/v1/</c>).</summary>
    public static string NameOf(ProviderEndpoints provider) => provider.Prefix[..provider.Prefix.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The embedded document of <paramref name="provider"/>.</summary>
    public static byte[] Read(ProviderEndpoints provider)
    {
        var resource = $"SupportBot.MockServer.OpenApi.{NameOf(provider)}.yaml";
        using var stream = typeof(OpenApiDocuments).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The OpenAPI document {resource} is not embedded in {typeof(OpenApiDocuments).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Maps <c>GET /&lt;provider&gt;/openapi.yaml</c> for every provider.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var provider in ProviderRegistry.All)
        {
            var bytes = Read(provider);
            app.MapGet($"/{NameOf(provider)}/openapi.yaml", (HttpContext context) =>
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = MediaType;
                context.Response.ContentLength = bytes.Length;
                return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
            });
        }
    }
}
