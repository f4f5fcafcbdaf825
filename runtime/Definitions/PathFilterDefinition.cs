using System.Collections.Immutable;

namespace HarmonyGen.Definitions;

/// <summary>
/// A <c>path_filter</c> middleware a pipeline's request chain names: the request path after the matched prefix must
/// match one of <paramref name="Rules"/>, else Harmony answers 404 and skips the backend.
/// </summary>
/// <param name="Rules">matchit patterns (<c>/api/{*rest}</c>, <c>/users/{id}</c>), as the generator validated them.</param>
public sealed record PathFilterMiddlewareDefinition(string Name, ImmutableArray<string> Rules) : MiddlewareDefinition(Name);
