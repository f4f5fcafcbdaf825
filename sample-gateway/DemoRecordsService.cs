using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SampleGateway;

/// <summary>
/// The hospital's records service behind its gateway: answers any GET under /records with a small FHIR-like
/// resource and what it received, so you can see that the mesh token never reaches it.
/// </summary>
internal static class DemoRecordsService
{
    public const string Url = "http://127.0.0.1:5100";

    public static WebApplication Build()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Url);
        WebApplication app = builder.Build();
        app.Run(async context =>
        {
            context.Response.ContentType = "application/fhir+json";
            using var writer = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteString("resourceType", "Patient");
            writer.WriteString("id", context.Request.Path.Value?.Split('/')[^1]);
            writer.WriteStartObject("received");
            writer.WriteString("path", context.Request.Path.Value);
            writer.WriteString("query", context.Request.QueryString.Value);
            writer.WriteBoolean("authorization_header", context.Request.Headers.ContainsKey("Authorization"));
            writer.WriteEndObject();
            writer.WriteEndObject();
            await writer.FlushAsync();
            await context.Response.BodyWriter.WriteAsync("\n"u8.ToArray());
        });
        return app;
    }
}
