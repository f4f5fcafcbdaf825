using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.Ide.Tests;

/// <summary>
/// sample-gateway/SampleGateway.csproj as an editor sees it: opened with MSBuildWorkspace (a design-time build finds
/// its TOML, its analyzers and their paths), then edited in memory as an editor buffer would be. The TOML and C#
/// diagnostics appear with their file and span, an edit to one TOML file re-parses only that file, and HG1001's fix
/// turns a misspelt look-up back into the generated member.
/// </summary>
public sealed class SampleProjectInTheIdeTests(ITestOutputHelper output)
{
    private const string PipelineToml = "clinic/pipelines/hospital-records.toml";

    [Fact]
    public async Task Toml_and_csharp_diagnostics_appear_with_their_spans_and_a_toml_edit_reparses_only_that_file()
    {
        VisualStudioInstance msbuild = RegisterMSBuild();
        output.WriteLine($"IDE path that ran: MSBuildWorkspace over the real project (MSBuild {msbuild.Version} at {msbuild.MSBuildPath}, found by Microsoft.Build.Locator).");

        string sampleDirectory = Path.Combine(RepositoryRoot(), "sample-gateway");
        // Its own intermediate folder: the design-time build writes there, never into obj/Debug that `dotnet run --project
        // sample-gateway` (HarmonyGen.Build.Tests) may be building at the same moment.
        using MSBuildWorkspace workspace = MSBuildWorkspace.Create(new Dictionary<string, string> { ["IntermediateOutputPath"] = "obj/ide-tests/" });
        Project project = await workspace.OpenProjectAsync(Path.Combine(sampleDirectory, "SampleGateway.csproj"));
        foreach (WorkspaceDiagnostic failure in workspace.Diagnostics.Where(d => d.Kind == WorkspaceDiagnosticKind.Failure))
        {
            output.WriteLine("workspace: " + failure.Message);
        }

        // What the design-time build handed the editor: the TOML as additional documents, the generator (with Tomlyn) and the analyzers.
        TextDocument toml = project.AdditionalDocuments.Single(d => Normalize(d.FilePath).EndsWith(PipelineToml, StringComparison.Ordinal));
        string[] analyzerFiles = project.AnalyzerReferences.Select(r => Path.GetFileName(r.FullPath ?? r.Display)).ToArray()!;
        Assert.Contains("HarmonyGen.Generator.dll", analyzerFiles);
        Assert.Contains("Tomlyn.dll", analyzerFiles);
        Assert.Contains("HarmonyGen.Analyzers.dll", analyzerFiles);
        output.WriteLine($"loaded {project.Name}: {project.DocumentIds.Count} C# documents, {project.AdditionalDocumentIds.Count} additional documents, analyzers {string.Join(", ", analyzerFiles.Where(f => f!.StartsWith("HarmonyGen", StringComparison.Ordinal) || f == "Tomlyn.dll"))}");

        // The generator as the IDE runs it (with step tracking on, which the IDE leaves off), over the project's own inputs.
        AnalyzerReference[] harmonyGen = project.AnalyzerReferences.Where(r => Path.GetFileName(r.FullPath ?? string.Empty).StartsWith("HarmonyGen", StringComparison.Ordinal)).ToArray();
        ImmutableArray<ISourceGenerator> generators = harmonyGen.SelectMany(r => r.GetGenerators(LanguageNames.CSharp)).ToImmutableArray();
        ImmutableArray<DiagnosticAnalyzer> analyzers = harmonyGen.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
        Assert.Single(generators);
        Assert.Single(analyzers);

        Compilation handWritten = (await project.WithAnalyzerReferences([]).GetCompilationAsync())!;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            generators,
            project.AnalyzerOptions.AdditionalFiles,
            (CSharpParseOptions)project.ParseOptions!,
            project.AnalyzerOptions.AnalyzerConfigOptionsProvider,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(handWritten);
        GeneratorRunResult clean = driver.GetRunResult().Results.Single();
        Assert.Equal(new[] { "Gateways.Clinic.g.cs", "Gateways.Hospital.g.cs" }, clean.GeneratedSources.Select(s => s.HintName).Order());
        Assert.DoesNotContain(clean.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);

        // 1. A broken TOML, as an unsaved editor buffer: the HG error appears at its file, line and column.
        string brokenToml = (await toml.GetTextAsync()).ToString().Replace("backend = \"hospital_gateway\"", "backend = \"hospital_gatway\"", StringComparison.Ordinal);
        Project edited = project.Solution.WithAdditionalDocumentText(toml.Id, SourceText.From(brokenToml)).GetProject(project.Id)!;
        AdditionalText before = project.AnalyzerOptions.AdditionalFiles.Single(t => t.Path == toml.FilePath);
        AdditionalText after = edited.AnalyzerOptions.AdditionalFiles.Single(t => t.Path == toml.FilePath);
        driver = driver.ReplaceAdditionalText(before, after).RunGeneratorsAndUpdateCompilation(handWritten, out Compilation withGateways, out _);
        GeneratorRunResult broken = driver.GetRunResult().Results.Single();
        Diagnostic hg0201 = Assert.Single(broken.Diagnostics, d => d.Id == "HG0201");
        FileLinePositionSpan tomlSpan = hg0201.Location.GetLineSpan();
        Log("TOML", hg0201);
        Assert.Equal(Normalize(toml.FilePath!), Normalize(tomlSpan.Path));
        Assert.Equal((20, 10, 20, 27), (tomlSpan.StartLinePosition.Line, tomlSpan.StartLinePosition.Character, tomlSpan.EndLinePosition.Line, tomlSpan.EndLinePosition.Character));

        // ... and nothing else was redone: only the edited file was parsed again, only the clinic re-validated.
        IncrementalGeneratorRunStep[] parses = broken.TrackedSteps["Parse"].ToArray();
        IncrementalGeneratorRunStep[] reparsed = parses.Where(s => s.Outputs.Any(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New)).ToArray();
        Assert.Single(reparsed);
        Assert.All(parses.Except(reparsed).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        IncrementalStepRunReason[] validations = broken.TrackedSteps["Validate"].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified }.Order(), validations.Order());
        output.WriteLine($"after the TOML edit: Parse steps {string.Join(", ", parses.SelectMany(s => s.Outputs).Select(o => o.Reason))}; Validate steps {string.Join(", ", validations)}");

        // 2. A C# analyzer diagnostic in Program.cs, again as an unsaved buffer: a misspelt egress look-up.
        Document program = edited.Documents.Single(d => Path.GetFileName(d.FilePath) == "Program.cs");
        string original = (await program.GetTextAsync()).ToString();
        string misspelt = original
            .Replace("using HarmonyGen.Mesh;", "using HarmonyGen.Mesh;\nusing HarmonyGen.Definitions;", StringComparison.Ordinal)
            .Replace("Gateways.Clinic.Egress.HospitalFhirEgress)", "Gateways.Clinic.Definition.Egress(\"hospital_fhir_egres\"))", StringComparison.Ordinal);
        Assert.NotEqual(original, misspelt);
        program = program.WithText(SourceText.From(misspelt));
        SyntaxTree programTree = (await program.GetSyntaxTreeAsync())!;
        Compilation withEdit = withGateways.ReplaceSyntaxTree(withGateways.SyntaxTrees.Single(t => t.FilePath == programTree.FilePath), programTree);
        ImmutableArray<Diagnostic> analyzerDiagnostics = await withEdit.WithAnalyzers(analyzers, edited.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
        Diagnostic hg1001 = Assert.Single(analyzerDiagnostics);
        Log("C#", hg1001);
        Assert.Equal("HG1001", hg1001.Id);
        Assert.Equal("Gateway 'clinic' defines no egress 'hospital_fhir_egres'; did you mean 'hospital_fhir_egress'?", hg1001.GetMessage());
        Assert.Equal(program.FilePath, hg1001.Location.GetLineSpan().Path);
        Assert.Equal("\"hospital_fhir_egres\"", misspelt.Substring(hg1001.Location.SourceSpan.Start, hg1001.Location.SourceSpan.Length));

        // 3. The light bulb: HG1001's fix, from the analyzer package, applied to the editor's document.
        CodeFixProvider fix = harmonyGen.OfType<AnalyzerFileReference>()
            .Select(r => r.GetAssembly())
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .Single(p => p.FixableDiagnosticIds.Contains("HG1001"));
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(program, hg1001, (action, _) => actions.Add(action), CancellationToken.None));
        CodeAction useMember = Assert.Single(actions);
        Assert.Equal("Use Gateways.Clinic.Egress.HospitalFhirEgress", useMember.Title);
        Solution fixedSolution = Assert.IsType<ApplyChangesOperation>(Assert.Single(await useMember.GetOperationsAsync(CancellationToken.None))).ChangedSolution;
        string fixedText = (await fixedSolution.GetDocument(program.Id)!.GetTextAsync()).ToString();
        Assert.Equal(original.Replace("using HarmonyGen.Mesh;", "using HarmonyGen.Mesh;\nusing HarmonyGen.Definitions;", StringComparison.Ordinal), fixedText);
        output.WriteLine($"code fix '{useMember.Title}' applied: Program.cs is the original again (plus the 'using HarmonyGen.Definitions;' the look-up needed).");
    }

    private void Log(string kind, Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        output.WriteLine($"{kind} diagnostic: {Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})-({span.EndLinePosition.Line + 1},{span.EndLinePosition.Character + 1}): {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.GetMessage()}");
    }

    private static readonly object s_registration = new();

    private static VisualStudioInstance? s_instance;

    /// <summary>The SDK's MSBuild, registered once per process, as an editor host finds it.</summary>
    private static VisualStudioInstance RegisterMSBuild()
    {
        lock (s_registration)
        {
            if (s_instance is null)
            {
                s_instance = MSBuildLocator.QueryVisualStudioInstances().OrderByDescending(i => i.Version).First();
                if (!MSBuildLocator.IsRegistered)
                {
                    MSBuildLocator.RegisterInstance(s_instance);
                }
            }

            return s_instance;
        }
    }

    private static string Normalize(string? path) => (path ?? string.Empty).Replace('\\', '/');

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HarmonyGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No HarmonyGen.sln above '{AppContext.BaseDirectory}'.");
    }
}
