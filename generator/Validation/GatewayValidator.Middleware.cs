using System.Linq;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

/// <summary>Middleware: what can be enforced (HG0008), and which pipelines a <c>mesh_auth</c> guards.</summary>
internal sealed partial class GatewayValidator
{
    /// <summary>Every middleware either has a meaning HarmonyGen enforces or stops the build: security is never dropped silently.</summary>
    private void ValidateMiddleware()
    {
        foreach (MiddlewareTable middleware in _tables.Middleware)
        {
            switch (middleware.Type?.Text)
            {
                case null:
                case "passthru":
                case "mesh_auth":
                    break;
                case "policies":
                    foreach (TomlValue policyName in middleware.Policies)
                    {
                        if (!Resolve("Policy", policyName, _policies.Keys) || !_policies[policyName.Text].Enabled)
                        {
                            continue;
                        }

                        foreach (TomlValue ruleName in _policies[policyName.Text].Rules)
                        {
                            if (!Resolve("Rule", ruleName, _rules.Keys))
                            {
                                continue;
                            }

                            RuleTable rule = _rules[ruleName.Text];
                            if (rule.Enabled && rule.Type is { } ruleType && ruleType.Text != "allow_all")
                            {
                                Report(DiagnosticDescriptors.UnenforceableSecurity, ruleType.Location,
                                    $"Rule '{rule.Name}' (type '{ruleType.Text}') of policy '{policyName.Text}' in middleware '{middleware.Name}'");
                            }
                        }
                    }

                    break;
                default:
                    Report(DiagnosticDescriptors.UnenforceableSecurity, middleware.Type.Location, $"Middleware '{middleware.Name}' of type '{middleware.Type.Text}'");
                    break;
            }
        }
    }

    /// <summary>True when <paramref name="middleware"/> names a defined <c>mesh_auth</c> middleware.</summary>
    private bool IsMeshAuth(TomlValue middleware) =>
        _middleware.TryGetValue(middleware.Text, out MiddlewareTable? definition) && definition.Type?.Text == "mesh_auth";

    /// <summary>The pipeline's first <c>mesh_auth</c> middleware reference, or null.</summary>
    private TomlValue? MeshAuthOf(PipelineTable pipeline) => pipeline.Middleware.FirstOrDefault(IsMeshAuth);
}
