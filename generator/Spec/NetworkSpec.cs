namespace HarmonyGen.Generator.Spec;

internal sealed record ListenerSpec
{
    public required string BindAddress { get; init; }

    public required int BindPort { get; init; }

    public ConfigValueSpec? CertPath { get; init; }

    public ConfigValueSpec? KeyPath { get; init; }
}

internal sealed record NetworkSpec
{
    public required string Name { get; init; }

    public required string MemberName { get; init; }

    /// <summary>The file that defines it, relative to the project (for the generated doc comment).</summary>
    public required string File { get; init; }

    public ListenerSpec? Http { get; init; }

    public ListenerSpec? Http3 { get; init; }

    public bool HasListener => Http is not null || Http3 is not null;
}
