namespace HarmonyGen.Middleware.Policies;

/// <summary>What one rule says about a request, as Harmony's <c>RuleEvaluation</c> says it.</summary>
internal enum RuleVerdict
{
    /// <summary>The rule does not apply: it neither allows nor denies.</summary>
    NoMatch,

    /// <summary>The rule matched and allows the request.</summary>
    Allow,

    /// <summary>The rule matched and denies the request.</summary>
    Deny,
}
