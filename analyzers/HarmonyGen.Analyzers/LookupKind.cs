using System.Linq;
using HarmonyGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HarmonyGen.Analyzers;

/// <summary>What a name-taking call looks up: the generated group that holds the answers and the words for messages.</summary>
internal sealed class LookupKind
{
    public static readonly LookupKind Egress = new(GeneratedNames.Egress, "egress", "egresses");
    public static readonly LookupKind Ingress = new(GeneratedNames.Ingress, "ingress", "ingresses");
    public static readonly LookupKind Pipeline = new(GeneratedNames.Pipelines, "pipeline", "pipelines");
    public static readonly LookupKind Mesh = new(GeneratedNames.Meshes, "mesh", "meshes");

    private LookupKind(string group, string singular, string plural)
    {
        Group = group;
        Singular = singular;
        Plural = plural;
    }

    /// <summary>The nested class of the generated gateway (<c>Gateways.Clinic.Egress</c>).</summary>
    public string Group { get; }

    public string Singular { get; }

    public string Plural { get; }

    /// <summary>
    /// A call that names a gateway member by string: <c>Definition.Egress(name)</c> and the other look-ups, and
    /// <c>MeshTokens.Issue(definition, mesh, ...)</c>. Only calls on <c>Gateways.X.Definition</c> are understood: the
    /// analyzer must know which gateway's names apply.
    /// </summary>
    public static NameUse? Of(GatewaySymbols symbols, IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        LookupKind? kind = null;
        string gatewayParameter = "gateway";
        string nameParameter = "name";
        if (symbols.Lookups is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Lookups))
        {
            kind = method.Name switch
            {
                "Egress" => Egress,
                "Ingress" => Ingress,
                "Pipeline" => Pipeline,
                "Mesh" => Mesh,
                _ => null,
            };
        }
        else if (symbols.MeshTokens is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.MeshTokens) && method.Name == "Issue")
        {
            kind = Mesh;
            nameParameter = "mesh";
        }

        if (kind is null)
        {
            return null;
        }

        IArgumentOperation? gatewayArgument = GatewaySymbols.Argument(invocation.Arguments, gatewayParameter);
        IArgumentOperation? nameArgument = GatewaySymbols.Argument(invocation.Arguments, nameParameter);
        INamedTypeSymbol? gateway = symbols.GatewayOfDefinition(gatewayArgument?.Value);
        if (gateway is null || nameArgument is null)
        {
            return null;
        }

        string? constant = nameArgument.Value.ConstantValue is { HasValue: true, Value: string text } ? text : null;
        return new NameUse(kind, gateway, nameArgument.Value, constant, method.ContainingType.Name == "GatewayDefinitionLookups");
    }
}

/// <summary>One call that names a member by string.</summary>
internal sealed class NameUse
{
    public NameUse(LookupKind kind, INamedTypeSymbol gateway, IOperation name, string? constantName, bool isLookup)
    {
        Kind = kind;
        Gateway = gateway;
        Name = name;
        ConstantName = constantName;
        IsLookup = isLookup;
    }

    public LookupKind Kind { get; }

    public INamedTypeSymbol Gateway { get; }

    /// <summary>The name argument's value.</summary>
    public IOperation Name { get; }

    /// <summary>The name, when it is a compile-time constant.</summary>
    public string? ConstantName { get; }

    /// <summary>True for <c>Definition.Egress(name)</c> and friends, which a generated member can replace outright.</summary>
    public bool IsLookup { get; }
}
