using System;
using System.Text;
using System.Text.Json;

namespace HarmonyGen.Providers;

/// <summary>
/// The credential a gateway presents to a provider (<c>Authorization: Bearer</c> on token and resolve calls), read
/// from the environment at start-up: <c>HARMONY_PROVIDER_&lt;NAME&gt;_TOKEN</c>, and for the provider named
/// <c>runbeam</c> also Harmony's own <c>RUNBEAM_MACHINE_TOKEN</c>, which may hold the bare token or Harmony's JSON
/// document (<c>{"machine_token": "..."}</c>).
/// </summary>
internal static class MachineToken
{
    public const string RunbeamFallbackVariable = "RUNBEAM_MACHINE_TOKEN";

    /// <summary><c>HARMONY_PROVIDER_&lt;NAME&gt;_TOKEN</c>, NAME upper-cased with every character other than A-Z and 0-9 as <c>_</c>.</summary>
    public static string VariableFor(string provider)
    {
        var name = new StringBuilder("HARMONY_PROVIDER_");
        foreach (char c in provider)
        {
            name.Append(c is >= 'a' and <= 'z' ? char.ToUpperInvariant(c) : c is >= 'A' and <= 'Z' or >= '0' and <= '9' ? c : '_');
        }

        return name.Append("_TOKEN").ToString();
    }

    /// <summary>The variables that may hold <paramref name="provider"/>'s machine token, in the order they are read.</summary>
    public static string Variables(string provider) =>
        provider == "runbeam" ? $"{VariableFor(provider)} (or {RunbeamFallbackVariable})" : VariableFor(provider);

    /// <summary>The machine token, or null when no variable holds one. Throws, naming the variable, for a JSON form without a token.</summary>
    public static string? Read(string provider, Func<string, string?> environment)
    {
        string variable = VariableFor(provider);
        string? value = environment(variable);
        if (string.IsNullOrWhiteSpace(value) && provider == "runbeam")
        {
            variable = RunbeamFallbackVariable;
            value = environment(variable);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (!value.StartsWith('{'))
        {
            return value;
        }

        try
        {
            string? token = JsonSerializer.Deserialize(value, ProviderJsonContext.Default.MachineTokenDocument)?.MachineToken;
            if (!string.IsNullOrWhiteSpace(token))
            {
                return token.Trim();
            }
        }
        catch (JsonException)
        {
        }

        // The value is never quoted: it is a secret.
        throw new InvalidOperationException($"Environment variable '{variable}' holds JSON without a 'machine_token' string; set it to the machine token of provider '{provider}'.");
    }
}
