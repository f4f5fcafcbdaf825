namespace HarmonyGen.Generator.Validation;

/// <summary>
/// A parsed mesh member reference: <c>X</c>, <c>P.name.X</c>, <c>P.id.X</c>, <c>P.TEAM.id.X</c> or
/// <c>P.TEAM.TYPE.(name|id).X</c>. <c>local.name.X</c> is the bare name X.
/// </summary>
internal sealed record ResourceReference(string Text, string? Provider, string? Team, string? ResourceType, bool ByName, string Value)
{
    public static readonly string[] ResourceTypes = { "ingress", "egress", "pipeline", "endpoint", "backend", "mesh" };

    public bool IsLocal => Provider is null;

    /// <summary>Parses <paramref name="text"/>; on failure returns the reason and the character range to point at.</summary>
    public static ResourceReference? Parse(string text, out string error, out int errorStart, out int errorLength)
    {
        error = string.Empty;
        errorStart = 0;
        errorLength = text.Length;
        string[] parts = text.Split('.');
        int offset = 0;
        var starts = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            starts[i] = offset;
            offset += parts[i].Length + 1;
            if (parts[i].Length == 0)
            {
                error = "it has an empty segment";
                errorStart = System.Math.Min(starts[i], System.Math.Max(0, text.Length - 1));
                errorLength = text.Length == 0 ? 0 : 1;
                return null;
            }
        }

        // The local provider is this gateway's own TOML: it has no teams and knows resources only by name.
        if (parts[0] == "local" && parts.Length is 4 or 5)
        {
            return Fail(parts, starts, 1, "the local provider has no teams; local resources are referenced by name ('local.name.X')", out error, out errorStart, out errorLength);
        }

        switch (parts.Length)
        {
            case 1:
                return new ResourceReference(text, null, null, null, true, text);
            case 3:
                if (!IsSelector(parts[1]))
                {
                    return Fail(parts, starts, 1, $"'{parts[1]}' must be 'name' or 'id'", out error, out errorStart, out errorLength);
                }

                if (parts[0] == "local")
                {
                    return parts[1] == "name"
                        ? new ResourceReference(text, null, null, null, true, parts[2])
                        : Fail(parts, starts, 1, "local resources are referenced by name ('local.name.X')", out error, out errorStart, out errorLength);
                }

                return new ResourceReference(text, parts[0], null, null, parts[1] == "name", parts[2]);
            case 4:
                return parts[2] == "id"
                    ? new ResourceReference(text, parts[0], parts[1], null, false, parts[3])
                    : Fail(parts, starts, 2, $"'{parts[2]}' must be 'id' in P.TEAM.id.X", out error, out errorStart, out errorLength);
            case 5:
                if (System.Array.IndexOf(ResourceTypes, parts[2]) < 0)
                {
                    return Fail(parts, starts, 2, $"'{parts[2]}' is not a resource type (one of {string.Join(", ", ResourceTypes)})", out error, out errorStart, out errorLength);
                }

                if (!IsSelector(parts[3]))
                {
                    return Fail(parts, starts, 3, $"'{parts[3]}' must be 'name' or 'id'", out error, out errorStart, out errorLength);
                }

                return new ResourceReference(text, parts[0], parts[1], parts[2], parts[3] == "name", parts[4]);
            default:
                error = $"it has {parts.Length} segments";
                return null;
        }
    }

    private static bool IsSelector(string part) => part == "name" || part == "id";

    private static ResourceReference? Fail(string[] parts, int[] starts, int index, string reason, out string error, out int errorStart, out int errorLength)
    {
        error = reason;
        errorStart = starts[index];
        errorLength = parts[index].Length;
        return null;
    }
}
