using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The HarmonyGen extensions of a mesh table for mixed meshes: <c>jwt_audience</c> (aud only in all-HarmonyGen
/// meshes) and the caller header names, <c>caller_header</c> and <c>caller_mesh_header</c> (HG0416).
/// </summary>
public sealed class MeshInteropKeyTests
{
    private const string Config = "config.toml";
    private const string Mesh = "mesh/care.toml";
    private const string Secret = "jwt_secret = \"${CARE_SECRET}\"";

    [Fact]
    public void A_mesh_without_the_keys_emits_what_it_did_before_they_existed()
    {
        GeneratorOutcome outcome = GeneratorRunner.Run(Toml.Valid().Files);

        string source = Assert.Single(outcome.GeneratedSources).SourceText.ToString();
        Assert.DoesNotContain("JwtAudience", source, System.StringComparison.Ordinal);
        Assert.DoesNotContain("CallerHeader", source, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_keys_are_emitted_and_compile()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\njwt_audience = true\ncaller_header = \"X-Partner\"\ncaller_mesh_header = \"X-Partner-Mesh\"");

        GeneratorOutcome outcome = GeneratorRunner.Run(toml.Files);

        string source = Assert.Single(outcome.GeneratedSources).SourceText.ToString();
        Assert.Contains("JwtAudience: true,", source, System.StringComparison.Ordinal);
        Assert.Contains("CallerHeader: \"X-Partner\",", source, System.StringComparison.Ordinal);
        Assert.Contains("CallerMeshHeader: \"X-Partner-Mesh\");", source, System.StringComparison.Ordinal);
        Assert.Empty(outcome.GeneratedCodeErrors());
        Assert.Empty(outcome.Diagnostics);
    }

    [Theory]
    [InlineData("caller_header = \"X Partner\"", "\"X Partner\"", "caller_header", "X Partner", "' ' is not allowed in a header name (RFC 9110 §5.6.2: letters, digits and !#$%&'*+-.^_`|~)")]
    [InlineData("caller_header = \"X-Caller:\"", "\"X-Caller:\"", "caller_header", "X-Caller:", "':' is not allowed in a header name (RFC 9110 §5.6.2: letters, digits and !#$%&'*+-.^_`|~)")]
    [InlineData("caller_header = \"\"", "\"\"", "caller_header", "", "a header name cannot be empty")]
    [InlineData("caller_header = \"connection\"", "\"connection\"", "caller_header", "connection", "it is a hop-by-hop header, which proxies remove before the backend sees it")]
    [InlineData("caller_mesh_header = \"Transfer-Encoding\"", "\"Transfer-Encoding\"", "caller_mesh_header", "Transfer-Encoding", "it is a hop-by-hop header, which proxies remove before the backend sees it")]
    [InlineData("caller_header = \"Authorization\"", "\"Authorization\"", "caller_header", "Authorization", "the gateway or HTTP itself gives that header its meaning")]
    [InlineData("caller_mesh_header = \"host\"", "\"host\"", "caller_mesh_header", "host", "the gateway or HTTP itself gives that header its meaning")]
    [InlineData("caller_header = \"Content-Type\"", "\"Content-Type\"", "caller_header", "Content-Type", "the gateway or HTTP itself gives that header its meaning")]
    [InlineData("caller_header = \"X-Harmony-Mesh\"", "\"X-Harmony-Mesh\"", "caller_header", "X-Harmony-Mesh", "the caller and the mesh need two different headers")]
    [InlineData("caller_header = \"X-A\"\ncaller_mesh_header = \"x-a\"", "\"x-a\"", "caller_mesh_header", "x-a", "the caller and the mesh need two different headers")]
    public Task HG0416_caller_header_name_that_cannot_be_used(string lines, string needle, string key, string name, string reason)
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\n" + lines);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0416", Mesh, needle).WithMessage($"Mesh 'care' {key} = '{name}' cannot be used: {reason}"));
    }

    [Theory]
    [InlineData("caller_header = 42", "42")]
    [InlineData("jwt_audience = \"yes\"", "\"yes\"")]
    public Task HG0002_keys_of_the_wrong_type(string line, string needle)
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\n" + line);
        return Verify.Diagnostics(toml, toml.Error("HG0002", Mesh, needle));
    }

    [Fact]
    public Task HG0413_jwt_audience_on_a_provider_mesh_is_ignored_with_a_warning()
    {
        Toml toml = Toml.Valid()
            .Replace(Mesh, "provider = \"local\"\n" + Secret, "provider = \"runbeam\"\nid = \"mesh-123\"\njwt_audience = true")
            .Append(Config, "[provider.runbeam]\napi = \"https://api.runbeam.example\"\n");
        return Verify.Diagnostics(toml, toml.Warning("HG0413", Mesh, "true"));
    }

    [Fact]
    public void The_generator_defaults_are_the_runtime_defaults()
    {
        Assert.Equal(HarmonyGen.Definitions.MeshDefinition.DefaultCallerHeader, HarmonyGen.Generator.Validation.CallerHeaderRules.DefaultCaller);
        Assert.Equal(HarmonyGen.Definitions.MeshDefinition.DefaultCallerMeshHeader, HarmonyGen.Generator.Validation.CallerHeaderRules.DefaultCallerMesh);
    }
}
