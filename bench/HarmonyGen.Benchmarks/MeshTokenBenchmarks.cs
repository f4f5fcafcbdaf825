using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using HarmonyGen.Mesh;
using HarmonyGen.Definitions;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// Mesh token costs: issuing a fresh token against serving the reused one, and validating one, for HS256 and RS256.
/// The reuse is why an RS256 egress costs no signature per request.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MicroRunConfig))]
public class MeshTokenBenchmarks
{
    private const string Audience = "https://hospital.example";
    private MeshCredentials _credentials = null!;
    private MeshTokenIssuer _issuer = null!;
    private MeshTokenValidator _validator = null!;
    private string _token = string.Empty;
    private ImmutableArray<string> _meshes;
    private string _keyDirectory = string.Empty;

    [Params("HS256", "RS256")]
    public string Algorithm { get; set; } = "HS256";

    [GlobalSetup]
    public void Setup()
    {
        MeshDefinition mesh = Algorithm == "HS256" ? Hs256() : Rs256();
        _credentials = MeshCredentials.Load(mesh, _ => "a-benchmark-only-shared-secret-of-48-bytes-long!!");
        _issuer = new MeshTokenIssuer("clinic", TimeProvider.System, NullLogger.Instance);
        _validator = new MeshTokenValidator(new Dictionary<string, MeshCredentials> { [mesh.Name] = _credentials }, TimeProvider.System);
        _token = _issuer.GetAuthorization(_credentials, Audience)["Bearer ".Length..];
        _meshes = ImmutableArray.Create(mesh.Name);
        if (!_validator.ValidateAsync(_token, _meshes, Audience).AsTask().Result.IsValid)
        {
            throw new InvalidOperationException("the benchmark token does not validate");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_keyDirectory.Length > 0)
        {
            Directory.Delete(_keyDirectory, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public string IssueReused() => _issuer.GetAuthorization(_credentials, Audience);

    [Benchmark]
    public string IssueFresh() => new MeshTokenIssuer("clinic", TimeProvider.System, NullLogger.Instance).GetAuthorization(_credentials, Audience);

    /// <summary>A token seen before: served from the validated-token cache.</summary>
    [Benchmark]
    public async Task<bool> ValidateSeenToken() => (await _validator.ValidateAsync(_token, _meshes, Audience)).IsValid;

    /// <summary>A token seen for the first time: parse, verify the signature, check the claims.</summary>
    [Benchmark]
    public async Task<bool> ValidateNewToken() =>
        (await new MeshTokenValidator(new Dictionary<string, MeshCredentials> { [_credentials.Mesh.Name] = _credentials }, TimeProvider.System)
            .ValidateAsync(_token, _meshes, Audience)).IsValid;

    private static MeshDefinition Hs256() => Mesh("hs", MeshAlgorithm.HS256, ConfigValue.FromEnvironment("BENCH_SECRET", "mesh.hs.jwt_secret"), null, null);

    private MeshDefinition Rs256()
    {
        _keyDirectory = Path.Combine(Path.GetTempPath(), "harmonygen-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_keyDirectory);
        using RSA rsa = RSA.Create(2048);
        string privatePath = Path.Combine(_keyDirectory, "private.pem");
        string publicPath = Path.Combine(_keyDirectory, "public.pem");
        File.WriteAllText(privatePath, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicPath, rsa.ExportSubjectPublicKeyInfoPem());
        return Mesh("rs", MeshAlgorithm.RS256, null, ConfigValue.FromLiteral(privatePath, "k"), ConfigValue.FromLiteral(publicPath, "k"));
    }

    private static MeshDefinition Mesh(string name, MeshAlgorithm algorithm, ConfigValue? secret, ConfigValue? privateKey, ConfigValue? publicKey) =>
        new(name, name, MeshProvider.Local, TransportType.Http, algorithm, secret, privateKey, publicKey, null,
            ImmutableArray.Create("in"), ImmutableArray<string>.Empty, ImmutableArray.Create("out"), ImmutableArray<ProviderReference>.Empty, true, null);
}
