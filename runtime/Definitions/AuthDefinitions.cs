namespace HarmonyGen.Definitions;

/// <summary>
/// A <c>basic_auth</c> middleware a pipeline's request chain names: a request goes on only with
/// <c>Authorization: Basic</c> and these credentials (Harmony's AuthSidecarMiddleware, src/models/middleware/types/auth.rs).
/// </summary>
/// <param name="Username">Read at start-up; a literal or <c>${ENV}</c>.</param>
/// <param name="Password">Read at start-up; a literal (the build warned, HG0307) or <c>${ENV}</c>.</param>
public sealed record BasicAuthMiddlewareDefinition(string Name, ConfigValue Username, ConfigValue Password) : MiddlewareDefinition(Name);
