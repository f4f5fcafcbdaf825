namespace HarmonyGen.Generator;

/// <summary>Names of the tracked incremental steps, for the caching tests.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string KnownFiles = nameof(KnownFiles);
    public const string Options = nameof(Options);
    public const string Bind = nameof(Bind);
    public const string Gateway = nameof(Gateway);
    public const string Validate = nameof(Validate);
}
