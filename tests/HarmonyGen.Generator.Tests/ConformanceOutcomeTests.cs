using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HarmonyGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The closing figures, generator part: each HTTP tree of harmony-examples v0.13.0 (tests/conformance/harmony-examples)
/// run through the generator has exactly the errors and warnings pinned here (ID and span), no others; its infos are
/// HG0007 only; nothing throws; and what it generates compiles. A tree with no error here builds. Why each diagnostic
/// stands is in tests/conformance/harmony-examples/README.md.
/// </summary>
public sealed class ConformanceOutcomeTests
{
    public static TheoryData<string> HttpTrees => new(s_expected.Keys.OrderBy(t => t, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(HttpTrees))]
    public void Each_http_tree_has_its_pinned_outcome(string tree)
    {
        GeneratorOutcome run = GeneratorRunner.Run(RepositoryFiles.Conformance(tree));

        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratedCodeErrors());
        Assert.All(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Info), d => Assert.Equal("HG0007", d.Id));
        string[] actual = run.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).Select(Describe).OrderBy(d => d, StringComparer.Ordinal).ToArray();
        Assert.Equal(s_expected[tree].OrderBy(d => d, StringComparer.Ordinal), actual);
    }

    [Fact]
    public void Every_copied_http_tree_is_pinned()
    {
        string[] copied = Directory.GetDirectories(RepositoryFiles.ConformanceExamples)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(tree => tree is not ("data-mesh" or "docker-mesh")) // the mesh trees, pinned by MeshGraphTests and the build tests
            .OrderBy(t => t, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(s_expected.Keys.OrderBy(t => t, StringComparer.Ordinal), copied);
    }

    /// <summary><c>ID file(line,col-line,col)</c>, one-based, as the compiler prints positions.</summary>
    private static string Describe(Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        string file = span.Path.StartsWith(GatewayTest.ProjectDir, StringComparison.Ordinal) ? span.Path.Substring(GatewayTest.ProjectDir.Length) : span.Path;
        return $"{diagnostic.Id} {file}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}-{span.EndLinePosition.Line + 1},{span.EndLinePosition.Character + 1})";
    }

    private static readonly Dictionary<string, string[]> s_expected = new(StringComparer.Ordinal)
    {
        // middleware.left/right accepted; its two transforms run; the fhir backend service is forwarded over HTTP; [backends.fhir_backend] written differently in both pipeline files (HG0005). Its transform specs compile (modify-overwrite-beta's concat, and '[&2]' read as harmony-jolt reads it: the index two levels up); 'debug' is no transform option (HG0006).
        ["au-erequesting"] =
        [
            "HG0005 pipelines/http-to-fhir.toml(40,2-40,23)",
            "HG0006 pipelines/http-to-fhir.toml(55,1-55,6)",
            "HG0006 pipelines/http-to-fhir.toml(67,1-67,6)",
        ],
        // builds: passthru named without a table is the built-in no-op; allow_all only.
        ["basic-echo"] = [],
        // its four policy rules (ip_allow, rate_limit, content_type, method) are enforced; [management] on the traffic network (HG0703); Harmony keys HarmonyGen does not read (HG0006).
        ["content-types"] =
        [
            "HG0006 config.toml(14,1-14,13)",
            "HG0006 config.toml(15,1-15,14)",
            "HG0006 config.toml(16,1-16,20)",
            "HG0006 config.toml(17,1-17,16)",
            "HG0006 config.toml(8,1-8,26)",
            "HG0703 config.toml(32,11-32,20)",
        ],
        // builds: basic_auth enforced, its password written in the file (HG0307); its four policy rules enforced; the fhir backend service forwarded over HTTP; [authentications] and a target's authentication, which HarmonyGen does not read (HG0006).
        ["fhir"] =
        [
            "HG0006 config.toml(62,2-62,29)",
            "HG0006 config.toml(76,1-76,15)",
            "HG0307 pipelines/fhir.toml(23,12-23,27)",
        ],
        // json_extractor and a transform run. Its spec compiles ('[&1]': the index one level up, as harmony-jolt reads it).
        ["fhir-to-legacy"] =
        [
        ],
        // builds: its path, rate_limit and method rules are enforced.
        ["http-external"] = [],
        // builds: its ip_allow, path, rate_limit and method rules are enforced (PolicyEndToEndTests serves it).
        ["http-http"] = [],
        // its policy lists deny_admin_paths and rate_limit, which no file of the tree defines, by name or id (HG0301); its ip_allow and method rules are enforced.
        ["http-internal"] =
        [
            "HG0301 pipelines/http-internal.toml(34,31-34,49)",
            "HG0301 pipelines/http-internal.toml(34,51-34,63)",
        ],
        // json_extractor and two transforms run; basic_auth enforced, its password written in the file (HG0307); its four
        // policy rules are enforced; its path_filter writes rules as { allow = ... } tables, which Harmony's parse_config
        // refuses ("All rules must be strings") (HG0002).
        ["http-with-middleware"] =
        [
            "HG0002 pipelines/pipeline.toml(83,5-83,31)",
            "HG0002 pipelines/pipeline.toml(84,5-84,26)",
            "HG0002 pipelines/pipeline.toml(85,5-85,26)",
            "HG0307 pipelines/pipeline.toml(61,12-61,22)",
        ],
        // builds: passthru built in; the http3 target makes backend h3_backend prefer HTTP/3 over https://cloudflare-quic.com:443.
        ["http3-backend"] = [],
        // builds; its TLS files are not in the tree (HG0410, warnings).
        ["http3-listener"] =
        [
            "HG0410 config.toml(28,13-28,33)",
            "HG0410 config.toml(29,12-29,32)",
        ],
        // json_extractor and a transform run. Its spec's modify-overwrite-beta calls ifEquals, which harmony-jolt 0.5.0 does not have (it fails the transform with InvalidFunction) and Java JOLT neither (HG0907, at the name).
        ["legacy-to-fhir"] =
        [
            "HG0907 transforms/legacy-to-fhir-patient.json(40,21-40,29)",
        ],
        // builds: json_extractor and a transform run; its three policy rules are enforced.
        ["mcp-to-http"] =
        [
        ],
        // a transform; basic_auth enforced, its password written in the file (HG0307); its five policy rules enforced; [authentications] and the targets' authentication (HG0006). The transform names 'transform_ref', not Harmony's 'spec_path' (HG0004, HG0006).
        ["santas-workshop"] =
        [
            "HG0006 config.toml(105,1-105,15)",
            "HG0006 config.toml(113,1-113,15)",
            "HG0006 config.toml(121,1-121,15)",
            "HG0006 config.toml(73,2-73,33)",
            "HG0006 config.toml(97,1-97,15)",
            "HG0307 pipelines/santas-workshop.toml(31,12-31,24)",
            "HG0004 pipelines/santas-workshop.toml(54,2-54,35)",
            "HG0006 pipelines/santas-workshop.toml(55,1-55,14)",
        ],
        // a transform runs; jwt_auth's keys written beside type rather than in options (HG0006), so it has no public key (HG0310: Harmony would panic at start-up reading the file ""). Its pipeline file repeats [services.http] and [middleware_types.*] of config.toml identically: merged, no HG0005. Its spec compiles ('[&1]': the index one level up).
        ["soap-to-json"] =
        [
            "HG0006 pipelines/soap-to-json.toml(36,1-36,16)",
            "HG0006 pipelines/soap-to-json.toml(37,1-37,7)",
            "HG0006 pipelines/soap-to-json.toml(38,1-38,9)",
            "HG0006 pipelines/soap-to-json.toml(39,1-39,12)",
            "HG0310 pipelines/soap-to-json.toml(33,2-33,21)",
        ],
        // builds: json_extractor and a transform run (HarmonyExampleEndToEndTests serves it); its four policy rules are enforced.
        ["transform"] =
        [
        ],
        // its pipelines use keys Harmony does not have (network, path, method, backend_ref: HG0006) and no endpoints; three transforms run; checkout-create and checkout-update write [middleware.ucp_to_backend] and [middleware.backend_to_ucp] unlike checkout-complete, read first (HG0005).
        ["ucp-checkout"] =
        [
            "HG0005 pipelines/checkout-create.toml(23,2-23,27)",
            "HG0005 pipelines/checkout-create.toml(31,2-31,27)",
            "HG0005 pipelines/checkout-update.toml(23,2-23,27)",
            "HG0005 pipelines/checkout-update.toml(31,2-31,27)",
            "HG0006 pipelines/checkout-complete.toml(10,1-10,5)",
            "HG0006 pipelines/checkout-complete.toml(11,1-11,7)",
            "HG0006 pipelines/checkout-complete.toml(12,1-12,12)",
            "HG0006 pipelines/checkout-complete.toml(9,1-9,8)",
            "HG0006 pipelines/checkout-create.toml(10,1-10,5)",
            "HG0006 pipelines/checkout-create.toml(11,1-11,7)",
            "HG0006 pipelines/checkout-create.toml(12,1-12,12)",
            "HG0006 pipelines/checkout-create.toml(9,1-9,8)",
            "HG0006 pipelines/checkout-update.toml(10,1-10,5)",
            "HG0006 pipelines/checkout-update.toml(11,1-11,7)",
            "HG0006 pipelines/checkout-update.toml(12,1-12,12)",
            "HG0006 pipelines/checkout-update.toml(9,1-9,8)",
            "HG0006 pipelines/profile.toml(10,1-10,5)",
            "HG0006 pipelines/profile.toml(11,1-11,7)",
            "HG0006 pipelines/profile.toml(12,1-12,12)",
            "HG0006 pipelines/profile.toml(9,1-9,8)",
        ],
        // Builds: its metadata_transform (transform_target = "metadata") runs its compiled spec over the request's metadata, and the
        // webhook posts it, but without the credentials its authentication names (HG0951); [authentications] (HG0006).
        ["webhook"] =
        [
            "HG0006 config.toml(51,2-51,28)",
            "HG0951 pipelines/webhook.toml(24,18-24,30)",
        ],
        // json_extractor and three transforms run. Its specs compile: modify-overwrite-beta with concat and split, and '[&1]'.
        ["webhook-to-fhir"] =
        [
        ],
    };
}
