namespace HarmonyGen.Generator.Spec;

/// <summary>
/// A <c>basic_auth</c> middleware: the one pair of credentials a request's <c>Authorization: Basic</c> header must
/// carry. Request chain only, as in Harmony (its <c>right</c> passes responses through).
/// </summary>
internal sealed record BasicAuthOptionsSpec : MiddlewareOptionsSpec
{
    public required ConfigValueSpec Username { get; init; }

    public required ConfigValueSpec Password { get; init; }
}
