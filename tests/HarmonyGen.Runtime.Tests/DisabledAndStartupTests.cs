using System;
using System.Collections.Immutable;
using System.IO;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>enabled = false</c> on a mesh, an ingress or an egress makes the configuration behave as if that table were
/// not there; and a gateway whose configuration had errors, or whose secrets are missing, does not start.
/// </summary>
public sealed class DisabledAndStartupTests
{
    private const string Basic = "Basic dXNlcjpwYXNzd29yZA==";

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Disabled_mesh_adds_no_token_and_accepts_none(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Default, MeshEnabled = false });

        // A attaches nothing: the caller's own header reaches the backend untouched through both gateways.
        (await mesh.Client.CallAsync(MeshScenario.Post(mesh.AUrl("/Patient"), new byte[] { 1 }, Basic))).AssertOk();
        Assert.Equal(Basic, mesh.Backend.Requests[^1].Headers["Authorization"]);
        (await mesh.Client.CallAsync(MeshScenario.Post(mesh.AUrl("/Patient"), new byte[] { 1 }))).AssertOk();
        Assert.False(mesh.Backend.Requests[^1].Headers.ContainsKey("Authorization"));

        // B does not treat a token of the disabled mesh as one: not validated, not consumed, just a header.
        string token = "Bearer " + mesh.IssueToken(mesh.BOrigin);
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), token)).AssertOk();
        Assert.Equal(token, mesh.Backend.Requests[^1].Headers["Authorization"]);
        Assert.Equal(0, mesh.A.Runtime.TokensSigned);
    }

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Mesh_mode_ingress_of_a_disabled_mesh_refuses_even_a_correct_token(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Mesh, MeshEnabled = false });

        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), "Bearer " + mesh.IssueToken(mesh.BOrigin))).AssertProblem(HttpStatusCode.Forbidden);
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Empty(mesh.Backend.Requests);
    }

    [Theory]
    [InlineData(MeshMode.Default)]
    [InlineData(MeshMode.Mesh)]
    public async Task Disabled_egress_attaches_no_token_and_refuses_nothing(MeshMode egressMode)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { IngressMode = MeshMode.Default, EgressMode = egressMode, EgressEnabled = false });

        (await mesh.Client.CallAsync(MeshScenario.Post(mesh.AUrl("/Patient"), new byte[] { 1 }, Basic))).AssertOk();
        Assert.Equal(Basic, Assert.Single(mesh.Backend.Requests).Headers["Authorization"]);
        Assert.Equal(0, mesh.A.Runtime.TokensSigned);
    }

    [Fact]
    public async Task Disabled_egress_leaves_a_mesh_mode_ingress_without_a_token()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { IngressMode = MeshMode.Mesh, EgressEnabled = false });

        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Empty(mesh.Backend.Requests);
    }

    [Fact]
    public async Task Disabled_ingress_does_not_route()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { IngressMode = MeshMode.Default, IngressEnabled = false });

        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), "Bearer " + mesh.IssueToken(mesh.BOrigin))).AssertProblem(HttpStatusCode.NotFound);
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.NotFound); // B's 404, through A
        Assert.Empty(mesh.Backend.Requests);
    }

    /// <summary>
    /// A disabled mesh-mode ingress guards nothing: its pipeline's path route behaves as if the ingress were not
    /// configured (no token needed), and its mesh membership grants nothing there either.
    /// </summary>
    [Fact]
    public async Task Disabled_mesh_mode_ingress_leaves_the_path_route_as_if_it_were_absent()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { IngressMode = MeshMode.Mesh, IngressEnabled = false, EndpointPrefixOnB = "/in" });

        string token = "Bearer " + mesh.IssueToken(mesh.BOrigin);
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), token)).AssertOk();
        Assert.Equal(token, mesh.Backend.Requests[^1].Headers["Authorization"]); // not consumed: no mesh is in effect here
    }

    /// <summary>
    /// B's pipeline has an enabled mesh-mode ingress of "care" and a disabled one of "partners". The path route of
    /// the pipeline needs a token of a mesh its enabled ingresses belong to: a "partners" token is refused there.
    /// </summary>
    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Mesh_of_a_disabled_ingress_grants_nothing_on_the_path_route(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup
        {
            Algorithm = algorithm,
            IngressMode = MeshMode.Mesh,
            EndpointPrefixOnB = "/api",
            PartnerMesh = true,
            PartnerIngressEnabled = false,
        });
        string partnerToken = "Bearer " + Jwt.Sign(mesh.PartnerKeys, Jwt.Claims(MeshScenario.PartnerMeshName, mesh.BOrigin, DateTimeOffset.UtcNow));

        (await mesh.Client.FetchAsync($"{mesh.BOrigin}/api/Patient", partnerToken)).AssertProblem(HttpStatusCode.Forbidden);
        (await mesh.Client.FetchAsync($"{mesh.BOrigin}/partners/Patient", partnerToken)).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(mesh.Backend.Requests);

        // Control: the enabled ingress's mesh is accepted on the path route.
        (await mesh.Client.FetchAsync($"{mesh.BOrigin}/api/Patient", "Bearer " + mesh.IssueToken(mesh.BOrigin))).AssertOk();
    }

    [Fact]
    public void Definition_with_configuration_errors_refuses_to_start()
    {
        using var port = new PortReservation();
        GatewayDefinition definition = new GatewayBuilder("clinic-with-errors")
            .Network("lan", port.Port)
            .Pipeline("p", "lan", new[] { "e" }, new[] { "b" })
            .Endpoint("e", "/api")
            .Backend("b", "http://127.0.0.1:9/")
            .Build(configurationErrors: 2);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => HarmonyGateway.Build(definition, GatewayOptions.For()));

        Assert.Contains("'clinic-with-errors'", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 error(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_secret_variable_stops_start_up_naming_the_variable_and_the_key()
    {
        MeshKeys keys = MeshKeys.Hs256();
        GatewayDefinition definition = new GatewayBuilder("clinic")
            .Network("lan", 1)
            .Mesh(keys.Signer("care"))
            .Build();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => HarmonyGateway.Build(definition, GatewayOptions.For()));

        Assert.Contains(keys.SecretVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("mesh.care.jwt_secret", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// An HS256 secret under 32 bytes (RFC 7518 §3.2) cannot be measured at build time when it comes from the
    /// environment, and the token library refuses to sign or verify with it: start-up stops and names the key (and
    /// never the secret), instead of every mesh request failing with a 500.
    /// </summary>
    [Fact]
    public void Short_HS256_secret_stops_start_up_naming_the_key()
    {
        const string variable = "HG_TEST_SHORT_SECRET";
        const string shortSecret = "only-31-bytes-long-not-enough!!";
        MeshDefinition mesh = MeshKeys.Hs256().Signer("care", egresses: new[] { "out" }) with
        {
            SharedSecret = ConfigValue.FromEnvironment(variable, "mesh.care.jwt_secret (mesh/care.toml:5)"),
        };
        GatewayDefinition definition = new GatewayBuilder("clinic")
            .Network("lan", 1)
            .Pipeline("p", "lan", new[] { "e" }, new[] { "b" })
            .Endpoint("e", "/api")
            .Backend("b", "http://127.0.0.1:9/")
            .Egress("out", "p")
            .Mesh(mesh)
            .Build();
        var options = new HarmonyGatewayOptions { Environment = name => name == variable ? shortSecret : null };

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => HarmonyGateway.Build(definition, options));

        Assert.Contains("mesh.care.jwt_secret (mesh/care.toml:5)", error.Message, StringComparison.Ordinal);
        Assert.Contains("32", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shortSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_key_file_stops_start_up_naming_the_key()
    {
        string missing = Path.Combine(Path.GetTempPath(), "harmonygen-no-such-key-" + Guid.NewGuid().ToString("N") + ".pem");
        MeshDefinition mesh = MeshKeys.Create(MeshAlgorithm.RS256).Verifier("care") with
        {
            PublicKeyPath = ConfigValue.FromLiteral(missing, "mesh.care.jwt_public_key_path (mesh/care.toml:4)"),
        };
        GatewayDefinition definition = new GatewayBuilder("hospital").Network("edge", 1).Mesh(mesh).Build();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => HarmonyGateway.Build(definition, GatewayOptions.For()));

        Assert.Contains("mesh.care.jwt_public_key_path (mesh/care.toml:4)", error.Message, StringComparison.Ordinal);
    }
}
