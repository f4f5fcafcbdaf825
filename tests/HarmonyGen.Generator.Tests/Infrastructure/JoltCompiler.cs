using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Basic.Reference.Assemblies;
using HarmonyGen.Generator.Emit;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Transforms;
using HarmonyGen.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Generator.Tests.Infrastructure;

/// <summary>
/// Compiles JOLT spec files the way the generator does (<see cref="JoltSpecReader"/>, then <see cref="TransformEmitter"/>),
/// builds the C# in memory with Roslyn against the runtime, and loads the classes, so that a test can run a spec.
/// Reflection finds each class's Instance: tests only.
/// </summary>
internal static class JoltCompiler
{
    private const string Namespace = "JoltTests";

    /// <summary>Reads, emits and compiles every spec (name → spec file text) in one compilation; each must read cleanly.</summary>
    public static Dictionary<string, IJsonTransform> Compile(IReadOnlyDictionary<string, string> specs)
    {
        var sources = new List<SyntaxTree>();
        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        int index = 0;
        foreach ((string name, string text) in specs)
        {
            JoltProgram program = Read(name, text);
            string className = "Spec" + index++;
            classes.Add(name, className);
            string source = TransformEmitter.EmitFile(Namespace, new TransformSpec(name, className, program));
            sources.Add(CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), className + ".g.cs"));
        }

        Assembly assembly = Build(sources);
        return classes.ToDictionary(
            c => c.Key,
            c => (IJsonTransform)assembly.GetType(Namespace + "." + c.Value, throwOnError: true)!.GetProperty("Instance")!.GetValue(null)!,
            StringComparer.Ordinal);
    }

    /// <summary>One spec, compiled alone.</summary>
    public static IJsonTransform Compile(string specText) => Compile(new Dictionary<string, string> { ["spec.json"] = specText })["spec.json"];

    /// <summary>The program of a spec file that must read without a diagnostic.</summary>
    public static JoltProgram Read(string name, string text)
    {
        JoltSpecFile file = JoltSpecFile.Read(GatewayTest.ProjectDir + name, SourceText.From(text));
        if (file.Program is null || file.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException($"{name} does not read: " + string.Join("; ", file.Diagnostics.Select(d => d.ToDiagnostic().ToString())));
        }

        return file.Program;
    }

    private static Assembly Build(IEnumerable<SyntaxTree> sources)
    {
        var references = new List<MetadataReference>(Net100.References.All)
        {
            MetadataReference.CreateFromFile(typeof(IJsonTransform).Assembly.Location),
        };
        CSharpCompilation compilation = CSharpCompilation.Create(
            "JoltTests" + Guid.NewGuid().ToString("N"),
            sources,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Default));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
        {
            throw new InvalidOperationException("The compiled specs do not build cleanly:\n" + string.Join("\n", problems.Take(20)) + "\n\n" + sources.First().GetText());
        }

        return Assembly.Load(stream.ToArray());
    }
}
