namespace HarmonyGen.Generator.Spec;

/// <summary>One entry of the ingress route table: an enabled ingress URL, normalised.</summary>
internal sealed record IngressRouteSpec
{
    public required string Scheme { get; init; }

    public required string Host { get; init; }

    public required int Port { get; init; }

    public required string PathPrefix { get; init; }

    public required string Ingress { get; init; }

    public required string Pipeline { get; init; }

    public required string Endpoint { get; init; }

    public required MeshMode Mode { get; init; }

    /// <summary>The file the URL is written in, for the route's comment.</summary>
    public required string File { get; init; }
}

/// <summary>A path route from an endpoint's <c>path_prefix</c>, used when no ingress matches.</summary>
internal sealed record EndpointRouteSpec
{
    public required string PathPrefix { get; init; }

    public required string Pipeline { get; init; }

    public required string Endpoint { get; init; }

    public required EquatableArray<string> Networks { get; init; }

    public required string File { get; init; }
}
