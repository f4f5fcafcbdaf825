using System;
using System.Collections.Immutable;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// A <c>[network.N.http]</c> listener with <c>cert_path</c> and <c>key_path</c>: HTTPS with HTTP/2 by ALPN, the PEM
/// paths read through the gateway's <see cref="HarmonyGatewayOptions.Environment"/> (as mesh keys are), and a clear
/// start-up error naming the TOML key when a file is missing.
/// </summary>
public sealed class TlsListenerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("harmonygen-tls-").FullName;
    private readonly X509Certificate2 _certificate;
    private readonly string _certFile;
    private readonly string _keyFile;

    public TlsListenerTests()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _certFile = Path.Combine(_folder, "edge.crt");
        _keyFile = Path.Combine(_folder, "edge.key");
        File.WriteAllText(_certFile, _certificate.ExportCertificatePem());
        File.WriteAllText(_keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    [Fact]
    public async Task Https_listener_serves_http2_with_the_pem_named_through_the_options_environment()
    {
        (GatewayScenario g, RecordingBackend backend) = await StartAsync(name => name switch
        {
            "EDGE_CERT" => _certFile,
            "EDGE_KEY" => _keyFile,
            _ => null,
        });
        await using GatewayScenario _ = g;
        using HttpClient client = TrustingOnly(_certificate);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{g.Port}/api/records/7?x=1")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        RecordedRequest seen = Assert.Single(backend.Requests);
        Assert.Equal("/base/records/7", seen.Path);
    }

    [Fact]
    public async Task Https_listener_does_not_answer_plain_http()
    {
        (GatewayScenario g, RecordingBackend backend) = await StartAsync(name => name == "EDGE_CERT" ? _certFile : name == "EDGE_KEY" ? _keyFile : null);
        await using GatewayScenario _ = g;

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => g.Client.GetAsync($"http://127.0.0.1:{g.Port}/api/records/7"));
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task Missing_certificate_file_stops_the_start_naming_the_toml_key()
    {
        InvalidOperationException error = await Assert.ThrowsAnyAsync<InvalidOperationException>(async () =>
        {
            (GatewayScenario g, _) = await StartAsync(name => name == "EDGE_CERT" ? Path.Combine(_folder, "missing.crt") : name == "EDGE_KEY" ? _keyFile : null);
            await g.DisposeAsync();
        });

        Assert.Contains("network.edge.http.cert_path", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("missing.crt", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<(GatewayScenario Gateway, RecordingBackend Backend)> StartAsync(Func<string, string?> environment)
    {
        HarmonyGatewayOptions options = GatewayOptions.For();
        options.Environment = environment;
        RecordingBackend? backend = null;
        GatewayScenario gateway = await GatewayScenario.StartAsync(
            async (servers, port) =>
            {
                backend = await servers.StartBackendAsync();
                GatewayDefinition definition = new GatewayBuilder("edge")
                    .Network("edge", port)
                    .Pipeline("records", "edge", new[] { "api" }, new[] { "records_service" })
                    .Endpoint("api", "/api")
                    .Backend("records_service", backend.Url("/base"))
                    .Build();
                var tls = new ListenerDefinition(
                    "127.0.0.1",
                    port,
                    ConfigValue.FromEnvironment("EDGE_CERT", "network.edge.http.cert_path"),
                    ConfigValue.FromEnvironment("EDGE_KEY", "network.edge.http.key_path"));
                return definition with { Networks = ImmutableArray.Create(new NetworkDefinition("edge", tls, null)) };
            },
            options);
        return (gateway, backend!);
    }

    /// <summary>A client that trusts exactly this test's self-signed certificate.</summary>
    private static HttpClient TrustingOnly(X509Certificate2 certificate) =>
        new(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHash().AsSpan().SequenceEqual(certificate.GetCertHash()),
            },
        })
        { Timeout = Http.CallTimeout };
}
