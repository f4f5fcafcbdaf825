namespace HarmonyGen.Generator.Validation;

/// <summary>A content_type rule's entry: <c>type/subtype</c>, <c>type/*</c> or <c>*/*</c>, each part an RFC 9110 token.</summary>
internal static class MediaRange
{
    public static bool IsValid(string text)
    {
        int slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1 || text.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }

        string type = text.Substring(0, slash);
        string subtype = text.Substring(slash + 1);
        if (type == "*")
        {
            return subtype == "*";
        }

        return IsToken(type) && (subtype == "*" || IsToken(subtype));
    }

    private static bool IsToken(string text)
    {
        foreach (char c in text)
        {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
            if (!ok || c == '*')
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
