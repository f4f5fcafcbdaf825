using System;
using System.Linq;
using System.Net;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using HarmonyGen.Diagnostics;
using HarmonyGen.Limits;
using HarmonyGen.Providers;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Hosting;

/// <summary>Builds a runnable ASP.NET Core application for a generated gateway.</summary>
public static partial class HarmonyGateway
{
    /// <summary>A web application serving <typeparamref name="TGateway"/> (for example <c>Gateways.Clinic</c>) on its networks.</summary>
    public static WebApplication Build<TGateway>(HarmonyGatewayOptions? options = null, string[]? args = null)
        where TGateway : IHarmonyGateway =>
        Build(TGateway.Definition, options, args);

    /// <summary>A web application serving <paramref name="definition"/> on its networks.</summary>
    public static WebApplication Build(GatewayDefinition definition, HarmonyGatewayOptions? options = null, string[]? args = null)
    {
        options ??= new HarmonyGatewayOptions();
        // The gateway reads no configuration file, so the host must not watch for one: the slim builder adds
        // appsettings.json with reload-on-change from the working directory, and on Linux that watch is recursive
        // (started from '/', it set ~47,000 inotify watches and took 3 s to the first 200; see docs/benchmarks.md).
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args ?? Array.Empty<string>()],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("HarmonyGen", LogLevel.Information);
        HostingTraceFilter? traceFilter = options.DirectTraceContext ? HostingTraceFilter.Install(builder) : null;
        bool wantsQuic = definition.Networks.Any(n => n.Http3 is not null);
        if (wantsQuic && QuicSupport.IsSupported)
        {
            builder.WebHost.UseQuic();
        }

        // Graceful shutdown: on a stop signal the listeners close and requests in flight get this long to finish.
        TimeSpan drain = options.DrainTimeout ?? TimeSpan.FromSeconds(definition.Limits?.DrainTimeoutSeconds ?? DefaultDrainSeconds);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = drain);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = definition.Limits?.MaxBodySize ?? RequestLimits.DefaultMaxBodySize;
            if (definition.Limits?.MaxHeaderSize is { } maxHeaders)
            {
                kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.KestrelHeaderLimit(maxHeaders);
            }

            foreach (NetworkDefinition network in definition.Networks)
            {
                int? overridePort = options.PortOverrides.TryGetValue(network.Name, out int p) ? p : null;
                if (network.Http is { } http)
                {
                    // HTTP/2 needs TLS (ALPN) unless the client has prior knowledge; plain listeners speak HTTP/1.1.
                    Listen(kestrel, network.Name, http, overridePort, options.Environment, http.CertPath is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2);
                }

                if (network.Http3 is { } http3)
                {
                    Listen(kestrel, network.Name, http3, overridePort, options.Environment, QuicSupport.IsSupported ? HttpProtocols.Http1AndHttp2AndHttp3 : HttpProtocols.Http1AndHttp2);
                }
            }
        });
        builder.Services.AddHttpForwarder();
        if (options.ConnectionBlockSize > 0)
        {
            builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>>(new LargeBlockMemoryPool.Factory(options.ConnectionBlockSize));
        }

        // The runtime is a service of the application so that it is disposed with it (closing its backend connection
        // pool) and so that its counters (tokens signed) can be read through app.Services.
        builder.Services.AddSingleton(services => new GatewayRuntime(
            definition,
            options,
            services.GetRequiredService<IHttpForwarder>(),
            CreateInvoker(options),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("HarmonyGen.Gateway." + definition.ProxyId),
            services.GetService<IMeterFactory>()));
        builder.Services.AddSingleton<IHostedService>(services => new ProviderLifetime(services.GetRequiredService<GatewayRuntime>()));

        WebApplication app = builder.Build();
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HarmonyGen.Gateway." + definition.ProxyId);
        if (wantsQuic && !QuicSupport.IsSupported)
        {
            GatewayLog.QuicUnavailable(logger, "libmsquic is not installed");
        }

        GatewayRuntime runtime = app.Services.GetRequiredService<GatewayRuntime>();
        // Ready once every listener is bound; not ready from the moment a stop is asked for, so a load balancer
        // stops sending while the requests in flight drain.
        app.Lifetime.ApplicationStarted.Register(runtime.Readiness.Listening);
        if (traceFilter is not null)
        {
            app.Lifetime.ApplicationStarted.Register(traceFilter.Serving);
        }

        app.Lifetime.ApplicationStopping.Register(runtime.Readiness.Draining);
        app.Run(runtime.HandleAsync);
        return app;
    }

    /// <summary>Seconds requests in flight may take to finish after a stop signal when neither TOML nor options say.</summary>
    public const int DefaultDrainSeconds = 30;

    private static void Listen(KestrelServerOptions kestrel, string network, ListenerDefinition listener, int? overridePort, Func<string, string?> environment, HttpProtocols protocols)
    {
        IPAddress address = listener.BindAddress == "localhost" ? IPAddress.Loopback : IPAddress.Parse(listener.BindAddress);
        kestrel.Listen(address, overridePort ?? listener.BindPort, options =>
        {
            options.Protocols = protocols;
            // Each connection learns its network, so a pipeline is served only on the networks it names.
            options.Use(next => connection =>
            {
                connection.Features.Set(new NetworkFeature(network));
                return next(connection);
            });
            if (listener.CertPath is { } cert && listener.KeyPath is { } key)
            {
                options.UseHttps(LoadCertificate(cert, key, environment));
            }
        });
    }

    /// <summary>
    /// A listener's certificate and key from PEM files: <c>${NAME}</c> read through the options' environment, relative
    /// paths looked up beside the application first, as mesh keys are. A file that cannot be read stops the start-up
    /// with the TOML key that named it.
    /// </summary>
    private static X509Certificate2 LoadCertificate(ConfigValue cert, ConfigValue key, Func<string, string?> environment)
    {
        string certFile = cert.ResolvePath(environment);
        string keyFile = key.ResolvePath(environment);
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"Cannot load the TLS certificate '{certFile}' ({cert.TomlKey}) with key '{keyFile}' ({key.TomlKey}): {ex.Message}", ex);
        }
    }

    /// <summary>One invoker for every backend: pooled connections, no proxy, no cookies, no redirects, no decompression.</summary>
    private static HttpMessageInvoker CreateInvoker(HarmonyGatewayOptions options) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.BackendConnectTimeout,
            ActivityHeadersPropagator = new ReverseProxyPropagator(System.Diagnostics.DistributedContextPropagator.Current),
        });
}
