using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The generated source for valid configurations, compared with checked-in baselines (and compiled by the harness).
/// To accept a deliberate change: HARMONYGEN_UPDATE_BASELINES=1 dotnet test, then review the diff.
/// </summary>
public sealed class GeneratedSourceTests
{
    [Fact]
    public Task Valid_gateway_generates_its_baseline() => VerifyBaseline(Toml.Valid(), "Gateways.Clinic.g.cs");

    [Fact]
    public Task Every_table_kind_generates_its_baseline() => VerifyBaseline(Everything(), "Gateways.PartnerGateway.g.cs");

    [Fact]
    public Task Operations_settings_generate_their_baseline() => VerifyBaseline(Operations(), "Gateways.OpsClinic.g.cs");

    [Fact]
    public Task Authentication_middleware_generates_its_baseline() => VerifyBaseline(Authenticated(), "Gateways.GuardedClinic.g.cs");

    [Fact]
    public Task Transform_middleware_generates_its_baseline() => VerifyBaseline(Transformed(), "Gateways.TransformClinic.g.cs");

    [Theory]
    [InlineData("\\u2028")]
    [InlineData("\\u2029")]
    [InlineData("\\u0085")]
    [InlineData("\\r\\n")]
    public void Line_breaks_in_toml_strings_cannot_break_out_of_doc_comments(string lineBreak)
    {
        Toml toml = Toml.Valid().Replace("pipelines/api.toml", "description = \"FHIR in, partner out\"", $"description = \"FHIR in{lineBreak}class Oops {{ }}\"");
        GeneratorOutcome outcome = GeneratorRunner.Run(toml.Files);
        Assert.Single(outcome.GeneratedSources);
        Assert.Empty(outcome.GeneratedCodeErrors());
        Assert.Null(outcome.UpdatedCompilation.GetTypeByMetadataName("TestGateway.Oops"));
    }

    [Fact]
    public void Generation_is_deterministic_whatever_the_file_order()
    {
        Toml toml = Everything();
        string Run(IEnumerable<KeyValuePair<string, string>> order)
        {
            var files = order.Select(f => (AdditionalText)new InMemoryAdditionalText(GatewayTest.ProjectDir + f.Key, f.Value));
            return GeneratorRunner.Driver(files, trackSteps: false).RunGenerators(GeneratorRunner.Compilation()).GetRunResult().GeneratedTrees.Single().ToString();
        }

        Assert.Equal(Run(toml.Files.OrderBy(f => f.Key)), Run(toml.Files.OrderByDescending(f => f.Key)));
    }

    /// <summary>The valid gateway with its pipeline behind basic_auth (credentials from the file and the environment) and jwt_auth.</summary>
    private static Toml Authenticated() => Toml.Valid()
        .Replace("config.toml", "id = \"clinic\"", "id = \"guarded-clinic\"")
        .Replace("pipelines/api.toml", "backends = [\"partner\"]\n\n", "backends = [\"partner\"]\nmiddleware = [\"staff\", \"tokens\"]\n\n")
        .Append("pipelines/api.toml", "[middleware.staff]\ntype = \"basic_auth\"\n[middleware.staff.options]\nusername = \"clinician\"\npassword = \"${STAFF_PASSWORD}\"\n")
        .Append("pipelines/api.toml", "[middleware.tokens]\ntype = \"jwt_auth\"\n[middleware.tokens.options]\npublic_key_path = \"${TOKEN_PUBLIC_KEY}\"\nissuer = \"https://auth.example.com/\"\naudience = \"records\"\nleeway_secs = 30\n");

    /// <summary>
    /// The valid gateway with a json_extractor (no stage of its own) and two transforms: one on both chains, one on the
    /// response only that may fail; their compiled specs are the gateway's Transforms group.
    /// </summary>
    private static Toml Transformed() => Toml.Valid()
        .Replace("config.toml", "id = \"clinic\"", "id = \"transform-clinic\"")
        .Replace("pipelines/api.toml", "backends = [\"partner\"]\n\n", "backends = [\"partner\"]\nmiddleware = [\"json_extractor\", \"rename\", \"wrap\"]\n\n")
        .Append("pipelines/api.toml", "[middleware.rename]\ntype = \"transform\"\n[middleware.rename.options]\nspec_path = \"rename.json\"\n")
        .Append("pipelines/api.toml", "[middleware.wrap]\ntype = \"transform\"\n[middleware.wrap.options]\nspec_path = \"wrap.json\"\napply = \"right\"\nfail_on_error = false\n")
        .Append("transforms/rename.json", "[{ \"operation\": \"shift\", \"spec\": { \"name\": \"full_name\", \"*\": \"&\" } }]")
        .Append("transforms/wrap.json", "[{ \"operation\": \"shift\", \"spec\": { \"*\": \"data.&\" } }]");

    private static async Task VerifyBaseline(Toml toml, string hintName, [CallerFilePath] string thisFile = "")
    {
        string baselinePath = Path.Combine(Path.GetDirectoryName(thisFile)!, "Baselines", hintName);
        if (Environment.GetEnvironmentVariable("HARMONYGEN_UPDATE_BASELINES") == "1")
        {
            string generated = GeneratorRunner.Driver(GeneratorRunner.Files(toml.Files), trackSteps: false)
                .RunGenerators(GeneratorRunner.Compilation()).GetRunResult().GeneratedTrees.Single().ToString();
            await File.WriteAllTextAsync(baselinePath, generated);
        }

        var test = new GatewayTest(toml.Files, checkGeneratedSources: true);
        string expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Baselines", hintName));
        test.TestState.GeneratedSources.Add((typeof(HarmonyGenerator), hintName, SourceText.From(expected, Encoding.UTF8)));
        await test.RunAsync();
    }

    /// <summary>The valid gateway with the HG07xx settings: management API, content limits, drain time, a concurrency cap.</summary>
    private static Toml Operations() => Toml.Valid()
        .Replace("config.toml", "id = \"clinic\"\n", "id = \"ops-clinic\"\ndrain_timeout_secs = 20\n")
        .Replace("pipelines/api.toml", "backends = [\"partner\"]\n", "backends = [\"partner\"]\nmax_concurrent_requests = 64\n")
        .Append("config.toml", """
            [proxy.content_limits]
            max_body_size = "10MB"
            max_header_size = 16384

            [management]
            enabled = true
            base_path = "admin/"
            network = "ops"

            [network.ops.http]
            bind_address = "127.0.0.1"
            bind_port = 9090
            """);

    /// <summary>A gateway using every table HarmonyGen generates code for, with no diagnostics.</summary>
    internal static Toml Everything() => new(new Dictionary<string, string>
    {
        ["config.toml"] = """
            [proxy]
            id = "partner-gateway"
            pipelines_path = "routes"
            mesh_path = "meshes"

            [provider.runbeam]
            api = "https://api.runbeam.example"
            poll_interval_secs = 60

            [network.edge.http]
            bind_address = "0.0.0.0"
            bind_port = 8080

            [network.edge.http3]
            bind_address = "0.0.0.0"
            bind_port = 8443
            cert_path = "${EDGE_CERT}"
            key_path = "${EDGE_KEY}"

            [targets.imaging_host]
            connection.host = "imaging.internal"
            connection.port = 8042
            connection.protocol = "https"
            connection.base_path = "/dicom-web"
            timeout_secs = 45
            """,
        ["routes/fhir.toml"] = """
            [pipelines.fhir]
            description = "FHIR <R4> & friends"
            networks = ["edge"]
            endpoints = ["fhir_api", "fhir_root"]
            backends = ["fhir_store", "imaging"]
            middleware = ["auth", "noop"]

            [middleware.auth]
            type = "mesh_auth"

            [middleware.noop]
            type = "passthru"

            [endpoints.fhir_api]
            service = "fhir"
            [endpoints.fhir_api.options]
            path_prefix = "/fhir/r4/"

            [endpoints.fhir_root]
            service = "echo"
            [endpoints.fhir_root.options]
            path_prefix = "/"

            [backends.fhir_store]
            service = "http"
            [backends.fhir_store.options]
            base_url = "http://127.0.0.1:9000/fhir"

            [backends.imaging]
            service = "http3"
            target_ref = "imaging_host"

            [pipelines.fhir.mesh.ingress.public_fhir]
            type = "http3"
            urls = ["https://fhir.partner.example/r4", "https://FHIR.partner.example:8443/r4/Patient"]
            endpoint = "fhir_api"

            [pipelines.fhir.mesh.ingress.retired]
            type = "http"
            urls = ["http://old.partner.example/"]
            enabled = false

            [egress.to_imaging]
            pipeline = "fhir"
            type = "http3"
            backend = "imaging"
            mode = "mesh"
            """,
        ["meshes/partners.toml"] = """
            [mesh.partners]
            id = "mesh-7f3a"
            type = "http3"
            jwt_private_key_path = "${PARTNER_PRIVATE_KEY}"
            jwt_public_key_path = "${PARTNER_PUBLIC_KEY}"
            ingress = ["public_fhir", "node_b", "runbeam.team1.ingress.name.upstream"]
            egress = ["local.name.to_imaging", "runbeam.id.4f1c"]
            description = "Partners \"mesh\" with a quote"

            [remote_ingress.node_b]
            urls = ["http://node-b.mesh.local:8080"]
            """,
    });
}
