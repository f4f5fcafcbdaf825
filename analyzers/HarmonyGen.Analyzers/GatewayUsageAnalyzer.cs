using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HarmonyGen.Analyzers;

/// <summary>
/// Checks C# that uses a generated gateway against what its TOML defines: names passed as strings (HG1001), egresses
/// that cannot sign (HG1002) and gateways started with a pipeline nothing can reach (HG1003). Everything it knows comes
/// from the <c>[HarmonyGenName]</c> attributes on the generated members, so it never reads TOML.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GatewayUsageAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the generated member's C# name, set when the name is close to exactly one.</summary>
    public const string MemberProperty = "Member";

    /// <summary>Diagnostic property: the generated group (<c>Egress</c>, <c>Pipelines</c>, ...) of <see cref="MemberProperty"/>.</summary>
    public const string GroupProperty = "Group";

    /// <summary>Diagnostic property: the TOML name the misspelt one is close to.</summary>
    public const string NameProperty = "Name";

    /// <summary>Diagnostic property: "true" when the call is a look-up that the generated member can replace.</summary>
    public const string LookupProperty = "Lookup";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnknownName, DiagnosticDescriptors.EgressCannotSign, DiagnosticDescriptors.StartedPipelineWithoutListener);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (GatewaySymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, (IInvocationOperation)c.Operation), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, symbols, (IObjectCreationOperation)c.Operation), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, GatewaySymbols symbols, IInvocationOperation invocation)
    {
        if (LookupKind.Of(symbols, invocation) is { } use)
        {
            CheckName(context, symbols, use);
            return;
        }

        IMethodSymbol method = invocation.TargetMethod;
        if (symbols.EgressExtensions is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.EgressExtensions) && method.Name == "AddHarmonyEgress")
        {
            CheckEgress(context, symbols, GatewaySymbols.Argument(invocation.Arguments, "egress"));
        }
        else if ((symbols.GatewayExtensions is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.GatewayExtensions) && method.Name == "AddHarmonyGateway")
            || (symbols.HarmonyGateway is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.HarmonyGateway) && method.Name == "Build"))
        {
            CheckStartedGateway(context, symbols, invocation);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, GatewaySymbols symbols, IObjectCreationOperation creation)
    {
        if (symbols.EgressHandler is not null && SymbolEqualityComparer.Default.Equals(creation.Type, symbols.EgressHandler) && creation.Constructor is not null)
        {
            CheckEgress(context, symbols, GatewaySymbols.Argument(creation.Arguments, "egress"));
        }
    }

    /// <summary>HG1001: a constant name the gateway does not define.</summary>
    private static void CheckName(OperationAnalysisContext context, GatewaySymbols symbols, NameUse use)
    {
        if (use.ConstantName is not { } name)
        {
            return;
        }

        ImmutableArray<GeneratedMember> members = symbols.Members(use.Gateway, use.Kind.Group);
        if (members.Any(m => m.Name == name))
        {
            return;
        }

        List<string> known = members.Select(m => m.Name).ToList();
        List<string> near = NameSuggester.WithinReach(name, known);
        string hint = near.Count > 0
            ? $"; did you mean {Quoted(near, "or")}?"
            : known.Count > 0 ? $"; it defines {Quoted(known, "and")}" : $"; it defines no {use.Kind.Plural}";

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        if (near.Count == 1)
        {
            GeneratedMember target = members.First(m => m.Name == near[0]);
            properties = properties
                .Add(MemberProperty, target.Field.Name)
                .Add(GroupProperty, use.Kind.Group)
                .Add(NameProperty, target.Name)
                .Add(LookupProperty, use.IsLookup ? "true" : "false");
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.UnknownName,
            use.Name.Syntax.GetLocation(),
            properties,
            GatewaySymbols.ProxyId(use.Gateway),
            use.Kind.Singular,
            name,
            hint));
    }

    /// <summary>HG1002: a disabled egress, or one no enabled mesh lists, handed to the egress handler.</summary>
    private static void CheckEgress(OperationAnalysisContext context, GatewaySymbols symbols, IArgumentOperation? argument)
    {
        if (argument is null || symbols.Egress(argument.Value) is not { } egress)
        {
            return;
        }

        string? reason = !egress.Member.Enabled ? "is disabled (enabled = false)"
            : egress.Member.Mesh is null ? "is listed by no enabled mesh"
            : null;
        if (reason is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EgressCannotSign,
                argument.Value.Syntax.GetLocation(),
                egress.Member.Name,
                GatewaySymbols.ProxyId(egress.Gateway),
                reason));
        }
    }

    /// <summary>HG1003: <c>AddHarmonyGateway&lt;T&gt;()</c> or <c>HarmonyGateway.Build</c> for a gateway with a pipeline no listener serves.</summary>
    private static void CheckStartedGateway(OperationAnalysisContext context, GatewaySymbols symbols, IInvocationOperation invocation)
    {
        INamedTypeSymbol? gateway;
        Location location;
        if (invocation.TargetMethod.TypeArguments.Length == 1)
        {
            gateway = invocation.TargetMethod.TypeArguments[0] as INamedTypeSymbol;
            location = TypeArgumentLocation(invocation) ?? invocation.Syntax.GetLocation();
        }
        else
        {
            IArgumentOperation? definition = GatewaySymbols.Argument(invocation.Arguments, "definition");
            gateway = symbols.GatewayOfDefinition(definition?.Value);
            location = definition?.Value.Syntax.GetLocation() ?? invocation.Syntax.GetLocation();
        }

        if (gateway is null || !symbols.IsGateway(gateway))
        {
            return;
        }

        foreach (GeneratedMember pipeline in symbols.Members(gateway, LookupKind.Pipeline.Group).Where(p => !p.Listening))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StartedPipelineWithoutListener, location, GatewaySymbols.ProxyId(gateway), pipeline.Name));
        }
    }

    /// <summary>The <c>Gateways.Clinic</c> in <c>AddHarmonyGateway&lt;Gateways.Clinic&gt;()</c>.</summary>
    private static Location? TypeArgumentLocation(IInvocationOperation invocation)
    {
        ExpressionSyntax? target = (invocation.Syntax as InvocationExpressionSyntax)?.Expression;
        SimpleNameSyntax? name = target switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        return name is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic ? generic.TypeArgumentList.Arguments[0].GetLocation() : null;
    }

    private static string Quoted(IReadOnlyList<string> names, string conjunction)
    {
        List<string> quoted = names.Select(n => $"'{n}'").ToList();
        return quoted.Count switch
        {
            1 => quoted[0],
            2 => $"{quoted[0]} {conjunction} {quoted[1]}",
            _ => string.Join(", ", quoted.Take(quoted.Count - 1)) + $" {conjunction} " + quoted[quoted.Count - 1],
        };
    }
}
