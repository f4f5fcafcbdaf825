using System;
using System.IO;
using System.Linq;
using HarmonyGen.Build.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.Build.Tests;

/// <summary>
/// The sample's two gateway roots (clinic/ and hospital/, with keys/) in a consumer project: a typo in one TOML value
/// fails `dotnet build` with the exact file(line,col) and message, and fixing it makes the same project build again.
/// </summary>
public sealed class BrokenThenFixedTests(ITestOutputHelper output)
{
    private const string HospitalRecords = "clinic/pipelines/hospital-records.toml";

    private const string Items = """
            <HarmonyGenRoot Include="clinic/config.toml" />
            <HarmonyGenRoot Include="hospital/config.toml" />
        """;

    // Touches the typed surface: only a generated Gateways.Clinic with that egress makes this compile.
    private const string Program = $$"""
        using System;
        using {{ConsumerProject.RootNamespace}};

        Console.WriteLine(Gateways.Clinic.Egress.HospitalFhirEgress.Name);
        Console.WriteLine(Gateways.Hospital.Definition.ProxyId);

        """;

    [Fact]
    public void A_typo_fails_the_build_at_its_exact_position_and_fixing_it_builds_the_typed_gateway()
    {
        using ConsumerProject project = ConsumerProject.Create("sample", Items, Program);
        foreach (string folder in new[] { "clinic", "hospital", "keys" })
        {
            project.CopyTree(Path.Combine(BuildPaths.SampleGateway, folder), folder);
        }

        string original = project.ReadFile(HospitalRecords);
        project.ReplaceInFile(HospitalRecords, "backend = \"hospital_gateway\"", "backend = \"hospital_gatway\"");
        (int line, int column) = project.Position(HospitalRecords, "backend = \"hospital_gatway\"", "\"");

        BuildResult broken = project.Build();
        output.WriteLine(broken.Describe("broken"));

        // The exact line MSBuild prints; compilers that add the help link put it before the project.
        string located = $"{project.PathOf(HospitalRecords)}({line},{column}): error HG0201: ";
        string message = "Egress 'hospital_fhir_egress' names backend 'hospital_gatway', which pipeline 'hospital_records' does not list in its backends; did you mean 'hospital_gateway'?";
        string[] expected =
        [
            $"{located}{message} [{project.ProjectFile}]",
            $"{located}{message} (https://github.com/harmonygen/harmonygen/blob/main/docs/diagnostics.md#hg0201) [{project.ProjectFile}]",
        ];
        Assert.True(broken.ExitCode != 0, broken.Describe("the typo must fail the build"));
        Assert.True(broken.Lines.Any(l => expected.Contains(l.Trim())), broken.Describe($"expected the line:\n{expected[0]}"));
        Assert.True(broken.Errors.Count(e => e.Id.StartsWith("HG", StringComparison.Ordinal)) == 1, broken.Describe("the typo must be the only HG error"));

        // A root with errors is still generated (best effort), so Program.cs's use of Gateways.Clinic still binds:
        // the user sees the HG error alone, not a cascade of C# errors.
        Assert.True(
            !broken.Errors.Any(e => !e.Id.StartsWith("HG", StringComparison.Ordinal)) && !broken.UnlocatedErrorLines.Any(),
            broken.Describe("besides HG0201 there must be no error, in particular no CS error from Program.cs"));

        project.WriteFile(HospitalRecords, original);
        BuildResult fixedBuild = project.Build();
        output.WriteLine(fixedBuild.Describe("fixed"));

        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.Describe("with the typo fixed the build must succeed"));
        Assert.True(!fixedBuild.Errors.Any() && !fixedBuild.UnlocatedErrorLines.Any(), fixedBuild.Describe("with the typo fixed the build must report no errors"));
    }
}
