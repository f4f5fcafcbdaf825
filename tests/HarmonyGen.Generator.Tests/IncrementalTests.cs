using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using HarmonyGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The generator must be cheap in the IDE: an unrelated C# edit re-runs nothing, editing one TOML file re-parses only
/// that file and re-validates only its gateway, and no cached model holds compiler objects.
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] s_trackedSteps =
    {
        TrackingNames.Parse, TrackingNames.KnownFiles, TrackingNames.KeyFiles, TrackingNames.Options, TrackingNames.Merge, TrackingNames.Gateway, TrackingNames.Validate,
        TrackingNames.Spec, TrackingNames.Diagnostics, TrackingNames.MeshHops, TrackingNames.MeshContract,
    };

    [Fact]
    public void Unrelated_csharp_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        ImmutableArray<AdditionalText> files = GeneratorRunner.Files(TwoRoots());
        CSharpCompilation compilation = GeneratorRunner.Compilation("class A { }");
        GeneratorDriver driver = GeneratorRunner.Driver(files).RunGenerators(compilation);
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length);

        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", path: "/project/B.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in s_trackedSteps)
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (IncrementalGeneratorRunStep run in second.TrackedSteps[step])
            {
                foreach ((object _, IncrementalStepRunReason reason) in run.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} output was {reason} after an unrelated C# edit");
                }
            }
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_one_pipeline_file_reparses_only_that_file_and_revalidates_only_its_gateway()
    {
        Dictionary<string, string> toml = TwoRoots();
        ImmutableArray<AdditionalText> files = GeneratorRunner.Files(toml);
        CSharpCompilation compilation = GeneratorRunner.Compilation("class A { }");
        GeneratorDriver driver = GeneratorRunner.Driver(files).RunGenerators(compilation);

        AdditionalText old = files.Single(f => f.Path.EndsWith("clinic/pipelines/api.toml", StringComparison.Ordinal));
        var edited = new InMemoryAdditionalText(old.Path, old.GetText()!.ToString().Replace("FHIR in, partner out", "FHIR in, partner out (edited)"));
        GeneratorRunResult result = driver.ReplaceAdditionalText(old, edited).RunGenerators(compilation).GetRunResult().Results.Single();

        // Parse: only the edited file ran again.
        var parseRuns = result.TrackedSteps[TrackingNames.Parse];
        Assert.Equal(files.Length, parseRuns.Length);
        var rerun = parseRuns.Where(r => r.Outputs.Any(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New)).ToList();
        Assert.Single(rerun);
        Assert.Contains("clinic/pipelines/api.toml", ((Parsing.TomlDocument)rerun[0].Outputs[0].Value).FilePath, StringComparison.Ordinal);
        Assert.All(parseRuns.Except(rerun).SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        // Validate: the hospital gateway is untouched, the clinic gateway is redone.
        var validateOutputs = result.TrackedSteps[TrackingNames.Validate].SelectMany(r => r.Outputs).ToList();
        Assert.Equal(2, validateOutputs.Count);
        Assert.Contains(validateOutputs, o => o.Reason == IncrementalStepRunReason.Cached && ((Spec.ValidatedGateway)o.Value).Spec!.TypeName == "Hospital");
        Assert.Contains(validateOutputs, o => o.Reason == IncrementalStepRunReason.Modified && ((Spec.ValidatedGateway)o.Value).Spec!.TypeName == "Clinic");
    }

    [Fact]
    public void Editing_a_key_file_rereads_only_that_key_and_rechecks_only_the_mesh_contract()
    {
        Dictionary<string, string> toml = TwoRoots();
        using var first = System.Security.Cryptography.RSA.Create(2048);
        using var second = System.Security.Cryptography.RSA.Create(2048);
        toml["clinic/keys/a.pem"] = first.ExportSubjectPublicKeyInfoPem();
        toml["clinic/keys/b.pem"] = first.ExportPkcs8PrivateKeyPem();
        ImmutableArray<AdditionalText> files = GeneratorRunner.Files(toml);
        CSharpCompilation compilation = GeneratorRunner.Compilation("class A { }");
        GeneratorDriver driver = GeneratorRunner.Driver(files).RunGenerators(compilation);

        AdditionalText old = files.Single(f => f.Path.EndsWith("clinic/keys/a.pem", StringComparison.Ordinal));
        var edited = new InMemoryAdditionalText(old.Path, second.ExportSubjectPublicKeyInfoPem());
        GeneratorRunResult result = driver.ReplaceAdditionalText(old, edited).RunGenerators(compilation).GetRunResult().Results.Single();

        // The key's digest changed, so the contract runs again; no TOML is parsed and no gateway validated again.
        Assert.Contains(result.TrackedSteps[TrackingNames.KeyFiles].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(result.TrackedSteps[TrackingNames.MeshContract].SelectMany(r => r.Outputs), o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.Unchanged);
        Assert.All(result.TrackedSteps[TrackingNames.Parse].SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(result.TrackedSteps[TrackingNames.Validate].SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        // The cached model holds a digest of the public half, never the private key's text.
        var keys = (EquatableArray<Parsing.KeyFile>)result.TrackedSteps[TrackingNames.KeyFiles].Single().Outputs.Single().Value;
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.StartsWith("rsa-sha256:", k.PublicKey, StringComparison.Ordinal));
        Assert.NotEqual(keys.Single(k => k.Path.EndsWith("a.pem", StringComparison.Ordinal)).PublicKey, keys.Single(k => k.Path.EndsWith("b.pem", StringComparison.Ordinal)).PublicKey);
    }

    [Fact]
    public void A_blank_line_above_every_toml_file_moves_the_diagnostics_and_leaves_the_generated_source_untouched()
    {
        // Both roots carry a warning (an unknown key), so there are diagnostics to move.
        Dictionary<string, string> toml = TwoRoots();
        foreach (string config in toml.Keys.Where(k => k.EndsWith("config.toml", StringComparison.Ordinal)).ToList())
        {
            toml[config] += "\n[proxy.extra]\nunknown_key = 1\n";
        }

        ImmutableArray<AdditionalText> files = GeneratorRunner.Files(toml);
        CSharpCompilation compilation = GeneratorRunner.Compilation("class A { }");
        GeneratorDriver driver = GeneratorRunner.Driver(files).RunGenerators(compilation);
        GeneratorRunResult before = driver.GetRunResult().Results.Single();
        Assert.NotEmpty(before.Diagnostics);

        foreach (AdditionalText file in files)
        {
            driver = driver.ReplaceAdditionalText(file, new InMemoryAdditionalText(file.Path, "\n" + file.GetText()!.ToString()));
        }

        GeneratorRunResult after = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        // Every file was parsed again and both gateways validated again: the positions in their models moved.
        Assert.All(after.TrackedSteps[TrackingNames.Parse].SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.All(after.TrackedSteps[TrackingNames.Validate].SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));

        // The spec holds no position, so it is unchanged, and the source output it feeds did not run.
        var specs = after.TrackedSteps[TrackingNames.Spec].SelectMany(r => r.Outputs).ToList();
        Assert.Equal(2, specs.Count);
        Assert.All(specs, o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        var emits = after.TrackedOutputSteps["SourceOutput"].Where(r => r.Inputs.Any(i => i.Source.Name == TrackingNames.Spec)).SelectMany(r => r.Outputs).ToList();
        Assert.Equal(2, emits.Count);
        Assert.All(emits, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(
            before.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            after.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));

        // The diagnostics moved down one line each, and nothing else about them changed.
        Assert.Equal(before.Diagnostics.Length, after.Diagnostics.Length);
        foreach ((Diagnostic old, Diagnostic moved) in before.Diagnostics.OrderBy(d => d.ToString()).Zip(after.Diagnostics.OrderBy(d => d.ToString())))
        {
            Assert.Equal(old.Id, moved.Id);
            Assert.Equal(old.GetMessage(), moved.GetMessage());
            Assert.Equal(old.Location.GetLineSpan().Path, moved.Location.GetLineSpan().Path);
            Assert.Equal(old.Location.GetLineSpan().StartLinePosition.Line + 1, moved.Location.GetLineSpan().StartLinePosition.Line);
            Assert.Equal(old.Location.GetLineSpan().StartLinePosition.Character, moved.Location.GetLineSpan().StartLinePosition.Character);
        }
    }

    [Fact]
    public void Cached_models_hold_no_symbols_syntax_locations_or_compilations()
    {
        ImmutableArray<AdditionalText> files = GeneratorRunner.Files(TwoRoots());
        GeneratorRunResult result = GeneratorRunner.Driver(files).RunGenerators(GeneratorRunner.Compilation("class A { }")).GetRunResult().Results.Single();

        int visited = 0;
        foreach (string step in s_trackedSteps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object value, IncrementalStepRunReason _) in run.Outputs)
                {
                    visited += ModelWalker.AssertNoCompilerObjects(value, step);
                }
            }
        }

        Assert.True(visited > 100, $"the walk saw only {visited} objects; it is not looking at the models");
    }

    /// <summary>The valid test gateway twice, as a clinic and a hospital root in one project.</summary>
    private static Dictionary<string, string> TwoRoots()
    {
        var files = new Dictionary<string, string>();
        foreach (KeyValuePair<string, string> file in Toml.Valid().Files)
        {
            files["clinic/" + file.Key] = file.Value;
            files["hospital/" + file.Key] = file.Value.Replace("id = \"clinic\"", "id = \"hospital\"");
        }

        return files;
    }

    /// <summary>Walks an object graph by its fields, failing on any Roslyn object a cached model must not hold.</summary>
    private static class ModelWalker
    {
        private static readonly Type[] s_forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree), typeof(AdditionalText) };

        public static int AssertNoCompilerObjects(object? root, string step)
        {
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<(object? Value, string Path)>();
            stack.Push((root, step));
            while (stack.Count > 0)
            {
                (object? value, string path) = stack.Pop();
                if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
                {
                    continue;
                }

                Type type = value.GetType();
                Assert.False(s_forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.FullName}");
                if (value is IEnumerable sequence)
                {
                    int i = 0;
                    foreach (object? item in sequence)
                    {
                        stack.Push((item, $"{path}[{i++}]"));
                    }
                }

                for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
                {
                    foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (s_forbidden.Any(f => f.IsAssignableFrom(field.FieldType)))
                        {
                            Assert.Fail($"{path}.{field.Name} is declared as {field.FieldType.FullName}");
                        }

                        if (!field.FieldType.IsPointer)
                        {
                            stack.Push((field.GetValue(value), $"{path}.{field.Name}"));
                        }
                    }
                }
            }

            return seen.Count;
        }
    }
}
