using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HarmonyGen.Analyzers;

/// <summary>
/// The runtime types the analyzers look for in one compilation, and how C# maps back to TOML: a generated gateway is a
/// type implementing <c>IHarmonyGateway</c>, its members are fields carrying <c>[HarmonyGenName]</c> in the nested
/// classes <c>Egress</c>, <c>Ingress</c>, <c>Pipelines</c> and <c>Meshes</c>. Null when the runtime is not referenced.
/// </summary>
internal sealed class GatewaySymbols
{
    private GatewaySymbols(Compilation compilation, INamedTypeSymbol gatewayInterface, INamedTypeSymbol nameAttribute)
    {
        GatewayInterface = gatewayInterface;
        NameAttribute = nameAttribute;
        Lookups = compilation.GetTypeByMetadataName(GeneratedNames.Lookups);
        EgressHandler = compilation.GetTypeByMetadataName("HarmonyGen.Mesh.MeshEgressHandler");
        EgressExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.HarmonyEgressHttpClientBuilderExtensions");
        GatewayExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.HarmonyGatewayServiceCollectionExtensions");
        HarmonyGateway = compilation.GetTypeByMetadataName("HarmonyGen.Hosting.HarmonyGateway");
        MeshTokens = compilation.GetTypeByMetadataName("HarmonyGen.Hosting.MeshTokens");
    }

    public INamedTypeSymbol GatewayInterface { get; }

    public INamedTypeSymbol NameAttribute { get; }

    public INamedTypeSymbol? Lookups { get; }

    public INamedTypeSymbol? EgressHandler { get; }

    public INamedTypeSymbol? EgressExtensions { get; }

    public INamedTypeSymbol? GatewayExtensions { get; }

    public INamedTypeSymbol? HarmonyGateway { get; }

    public INamedTypeSymbol? MeshTokens { get; }

    public static GatewaySymbols? Create(Compilation compilation)
    {
        INamedTypeSymbol? gateway = compilation.GetTypeByMetadataName(GeneratedNames.GatewayInterface);
        INamedTypeSymbol? attribute = compilation.GetTypeByMetadataName(GeneratedNames.NameAttribute);
        return gateway is null || attribute is null ? null : new GatewaySymbols(compilation, gateway, attribute);
    }

    public bool IsGateway(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && named.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, GatewayInterface));

    /// <summary>The gateway type behind <c>Gateways.Clinic.Definition</c>, or null for any other expression (a local, a parameter).</summary>
    public INamedTypeSymbol? GatewayOfDefinition(IOperation? operation)
    {
        operation = Unwrap(operation);
        return operation is IPropertyReferenceOperation { Property: { IsStatic: true, Name: GeneratedNames.Definition } property } && IsGateway(property.ContainingType)
            ? property.ContainingType
            : null;
    }

    /// <summary>The gateway's TOML proxy id (its <c>ProxyId</c> constant), or its C# name.</summary>
    public static string ProxyId(INamedTypeSymbol gateway) =>
        gateway.GetMembers(GeneratedNames.ProxyId).OfType<IFieldSymbol>().FirstOrDefault() is { HasConstantValue: true, ConstantValue: string id } ? id : gateway.Name;

    /// <summary>The generated members of one group (<c>Egress</c>, <c>Pipelines</c>, ...) of a gateway, in declaration order.</summary>
    public ImmutableArray<GeneratedMember> Members(INamedTypeSymbol gateway, string group)
    {
        INamedTypeSymbol? type = gateway.GetTypeMembers(group).FirstOrDefault();
        if (type is null)
        {
            return ImmutableArray<GeneratedMember>.Empty;
        }

        ImmutableArray<GeneratedMember>.Builder members = ImmutableArray.CreateBuilder<GeneratedMember>();
        foreach (IFieldSymbol field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (Member(field) is { } member)
            {
                members.Add(member);
            }
        }

        return members.ToImmutable();
    }

    /// <summary>The generated member a field is, when it carries <c>[HarmonyGenName]</c>.</summary>
    public GeneratedMember? Member(IFieldSymbol field)
    {
        AttributeData? attribute = field.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, NameAttribute));
        if (attribute is null || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string name)
        {
            return null;
        }

        bool enabled = true;
        bool listening = true;
        string? mesh = null;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case GeneratedNames.NameAttributeEnabled when argument.Value.Value is bool value:
                    enabled = value;
                    break;
                case GeneratedNames.NameAttributeListening when argument.Value.Value is bool value:
                    listening = value;
                    break;
                case GeneratedNames.NameAttributeMesh:
                    mesh = argument.Value.Value as string;
                    break;
            }
        }

        return new GeneratedMember(field, name, enabled, mesh, listening);
    }

    /// <summary>
    /// The egress an argument names: a generated field (<c>Gateways.Clinic.Egress.PartnerFhir</c>) or a look-up with a
    /// constant name (<c>Gateways.Clinic.Definition.Egress("partner_fhir")</c>). Null when it cannot be known.
    /// </summary>
    public (GeneratedMember Member, INamedTypeSymbol Gateway)? Egress(IOperation? operation)
    {
        operation = Unwrap(operation);
        if (operation is IFieldReferenceOperation { Field: { } field }
            && field.ContainingType is { Name: GeneratedNames.Egress } group
            && IsGateway(group.ContainingType)
            && Member(field) is { } member)
        {
            return (member, group.ContainingType);
        }

        if (operation is IInvocationOperation invocation
            && LookupKind.Of(this, invocation) is { Kind.Group: GeneratedNames.Egress } lookup
            && lookup.ConstantName is { } name)
        {
            GeneratedMember? named = Members(lookup.Gateway, GeneratedNames.Egress).FirstOrDefault(m => m.Name == name);
            return named is null ? null : (named, lookup.Gateway);
        }

        return null;
    }

    public static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        return operation;
    }

    public static IArgumentOperation? Argument(ImmutableArray<IArgumentOperation> arguments, string parameter) =>
        arguments.FirstOrDefault(a => a.Parameter?.Name == parameter);
}

/// <summary>A generated gateway member and what its <c>[HarmonyGenName]</c> says about it.</summary>
internal sealed class GeneratedMember
{
    public GeneratedMember(IFieldSymbol field, string name, bool enabled, string? mesh, bool listening)
    {
        Field = field;
        Name = name;
        Enabled = enabled;
        Mesh = mesh;
        Listening = listening;
    }

    public IFieldSymbol Field { get; }

    /// <summary>The TOML name.</summary>
    public string Name { get; }

    public bool Enabled { get; }

    /// <summary>For an egress: the enabled mesh that signs it, or null.</summary>
    public string? Mesh { get; }

    /// <summary>For a pipeline: false when no listener serves it.</summary>
    public bool Listening { get; }
}
