using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Typed.Tests;

/// <summary>The secret both test gateways read for mesh <c>care</c>, and their options.</summary>
internal static class TestMesh
{
    public const string Secret = "typed-tests-care-network-secret-0123456789";

    /// <summary>Where <c>${TYPED_CARE_SECRET}</c> comes from in these tests (never the process environment).</summary>
    public static string? Environment(string name) => name == "TYPED_CARE_SECRET" ? Secret : null;

    public static HarmonyGatewayOptions Options() => new() { Environment = Environment };

    /// <summary>The clinic's definition with backend <paramref name="backend"/> pointing at <paramref name="baseUrl"/> (a loopback server's real port).</summary>
    public static GatewayDefinition ClinicWithBackend(string backend, string baseUrl)
    {
        GatewayDefinition clinic = Gateways.TypedClinic.Definition;
        return clinic with { Backends = clinic.Backends.Select(b => b.Name == backend ? b with { BaseUrl = baseUrl } : b).ToImmutableArray() };
    }
}

/// <summary>A loopback HTTP server on a free port that answers 200 and keeps each request: path, Authorization, method, content type and body.</summary>
internal sealed class CaptureServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CaptureServer(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? Authorization, string Method, string? ContentType, string Body)> Requests { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    /// <param name="jsonAnswer">When set, every request is answered with it as <c>application/json</c> instead of <c>captured</c>.</param>
    public static async Task<CaptureServer> StartAsync(string? jsonAnswer = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new CaptureServer(app);
        app.Run(async context =>
        {
            string body = await new System.IO.StreamReader(context.Request.Body).ReadToEndAsync();
            server.Requests.Enqueue((context.Request.Path.Value ?? "/", context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Method, context.Request.ContentType, body));
            if (jsonAnswer is not null)
            {
                context.Response.ContentType = "application/json";
            }

            await context.Response.WriteAsync(jsonAnswer ?? "captured");
        });
        await app.StartAsync();
        server.BaseUrl = app.Urls.Single();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
