namespace HarmonyGen.Generator.Spec;

/// <summary><c>[management]</c>, validated: <see cref="BasePath"/> normalised to <c>/admin</c> (or <c>/</c>).</summary>
internal sealed record ManagementSpec
{
    public required bool Enabled { get; init; }

    public required string BasePath { get; init; }

    public required string Network { get; init; }

    public required string File { get; init; }
}

/// <summary><c>[proxy.content_limits]</c> and <c>[proxy] drain_timeout_secs</c>; null members keep the runtime's defaults.</summary>
internal sealed record LimitsSpec
{
    public long? MaxBodySize { get; init; }

    public int? MaxHeaderSize { get; init; }

    public int? DrainTimeoutSeconds { get; init; }

    public bool IsEmpty => MaxBodySize is null && MaxHeaderSize is null && DrainTimeoutSeconds is null;
}
