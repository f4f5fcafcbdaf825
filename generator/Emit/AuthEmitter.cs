using System.Globalization;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Emit;

/// <summary>
/// <c>basic_auth</c> and <c>jwtauth</c> as the runtime's definitions. Secrets are written as the TOML has them: a
/// literal (already warned about, HG0307) or the environment variable read at start-up, never its value.
/// </summary>
internal static class AuthEmitter
{
    private const string S = "HarmonyGenDefinitions";

    /// <summary>Writes one <c>BasicAuthMiddlewareDefinition</c>, an element of a stage list.</summary>
    public static void Emit(SourceWriter w, string name, BasicAuthOptionsSpec basic) =>
        w.Line($"new {S}.BasicAuthMiddlewareDefinition(Name: {SourceWriter.Literal(name)}, Username: {GatewayEmitter.Value(basic.Username)}, Password: {GatewayEmitter.Value(basic.Password)}),");

    /// <summary>Writes one <c>JwtAuthMiddlewareDefinition</c>, an element of a stage list.</summary>
    public static void Emit(SourceWriter w, string name, JwtAuthOptionsSpec jwt) =>
        w.Line($"new {S}.JwtAuthMiddlewareDefinition(Name: {SourceWriter.Literal(name)}, PublicKeyPath: {GatewayEmitter.Value(jwt.PublicKeyPath)}, Hs256Secret: {GatewayEmitter.Value(jwt.Hs256Secret)}, Issuer: {SourceWriter.Literal(jwt.Issuer)}, Audience: {SourceWriter.Literal(jwt.Audience)}, LeewaySeconds: {jwt.LeewaySeconds.ToString(CultureInfo.InvariantCulture)}),");
}
