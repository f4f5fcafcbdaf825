using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HarmonyGen.Analyzers;

/// <summary>
/// HG1001's fix, offered when the misspelt name is close to exactly one: a look-up on <c>Gateways.X.Definition</c>
/// becomes the generated member (<c>Gateways.X.Definition.Egress("partnr_fhir")</c> → <c>Gateways.X.Egress.PartnerFhir</c>),
/// which the compiler checks from then on; any other string literal becomes the right name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseGeneratedMemberCodeFix)), Shared]
public sealed class UseGeneratedMemberCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnknownName.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            ImmutableDictionary<string, string?> properties = diagnostic.Properties;
            if (!properties.TryGetValue(GatewayUsageAnalyzer.NameProperty, out string? name) || name is null)
            {
                continue;
            }

            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (properties.TryGetValue(GatewayUsageAnalyzer.LookupProperty, out string? lookup) && lookup == "true"
                && properties[GatewayUsageAnalyzer.GroupProperty] is { } group
                && properties[GatewayUsageAnalyzer.MemberProperty] is { } member
                && GeneratedMemberFor(node, group, member) is { } replacement)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Use {replacement.Replacement}", c => Replace(context.Document, root, replacement.Invocation, replacement.Replacement, c), "HG1001.UseGeneratedMember"),
                    diagnostic);
            }
            else if (node is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
            {
                ExpressionSyntax fixedLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name));
                context.RegisterCodeFix(
                    CodeAction.Create($"Use '{name}'", c => Replace(context.Document, root, literal, fixedLiteral, c), "HG1001.UseDefinedName"),
                    diagnostic);
            }
        }
    }

    /// <summary>The look-up call around the name, and its generated member written from the same gateway expression.</summary>
    private static (InvocationExpressionSyntax Invocation, ExpressionSyntax Replacement)? GeneratedMemberFor(SyntaxNode name, string group, string member)
    {
        if (name.FirstAncestorOrSelf<ArgumentSyntax>()?.Parent?.Parent is not InvocationExpressionSyntax invocation
            || invocation.Expression is not MemberAccessExpressionSyntax { Expression: var definition })
        {
            return null;
        }

        // Gateways.Clinic.Definition.Egress(...) → Gateways.Clinic.Egress.Member; inside the gateway type, Definition.Egress(...) → Egress.Member.
        ExpressionSyntax? generated = definition switch
        {
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: GeneratedNames.Definition } access =>
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access.Expression.WithoutTrivia(), SyntaxFactory.IdentifierName(group)),
                    SyntaxFactory.IdentifierName(member)),
            IdentifierNameSyntax { Identifier.ValueText: GeneratedNames.Definition } =>
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(group), SyntaxFactory.IdentifierName(member)),
            _ => null,
        };
        return generated is null ? null : (invocation, generated);
    }

    private static Task<Document> Replace(Document document, SyntaxNode root, SyntaxNode old, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(old, replacement.WithTriviaFrom(old))));
    }
}
