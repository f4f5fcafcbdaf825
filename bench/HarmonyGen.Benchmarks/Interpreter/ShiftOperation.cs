using System.Collections.Generic;
using System.Text.Json.Nodes;
using HarmonyGen.Transforms;

namespace HarmonyGen.Benchmarks.Interpreter;

/// <summary><c>shift</c>: walks the spec and the input together, writing a new output.</summary>
internal sealed class ShiftOperation(ShiftSpec root) : IOperation
{
    public JsonNode? Apply(JsonNode? input)
    {
        var path = new JoltPath(input);
        var output = new JoltOutput();
        Walk(root, path, output);
        return output.Root;
    }

    /// <summary>One spec object over the input level it stands for: its value keys, then each key, element or the scalar there.</summary>
    private static void Walk(ShiftSpec spec, JoltPath path, JoltOutput output)
    {
        foreach (ValueKey key in spec.ValueKeys)
        {
            key.Write(path, output);
        }

        if (!spec.MatchesKeys)
        {
            return;
        }

        switch (path.Value)
        {
            case JsonObject members:
                foreach (KeyValuePair<string, JsonNode?> member in members)
                {
                    Match(spec, path, output, member.Key, member.Value);
                }

                break;
            case JsonArray elements:
                for (int i = 0; i < elements.Count; i++)
                {
                    Match(spec, path, output, JoltKeys.Index(i), elements[i]);
                }

                break;
            default:
                Match(spec, path, output, JoltKeys.Of(path.Value), path.Value);
                break;
        }
    }

    private static void Match(ShiftSpec spec, JoltPath path, JoltOutput output, string key, JsonNode? value)
    {
        if (spec.Literals.TryGetValue(key, out ShiftMember? literal))
        {
            path.Push(key, value);
            Enter(literal, path, output, value);
            path.Pop();
            return;
        }

        foreach ((int level, int match, ShiftMember member) in spec.Amps)
        {
            if (key == path.Match(level, match))
            {
                path.Push(key, value);
                Enter(member, path, output, value);
                path.Pop();
                return;
            }
        }

        foreach ((string[][] alternatives, ShiftMember member) in spec.Wildcards)
        {
            foreach (string[] segments in alternatives)
            {
                if (JoltWildcard.Match(key, segments) is { } matches)
                {
                    path.Push(matches, value);
                    Enter(member, path, output, value);
                    path.Pop();
                    return;
                }
            }
        }
    }

    private static void Enter(ShiftMember member, JoltPath path, JoltOutput output, JsonNode? value)
    {
        if (member.Inner is { } inner)
        {
            Walk(inner, path, output);
            return;
        }

        foreach (TargetPath target in member.Targets)
        {
            target.Slot(path, output).Put(value?.DeepClone());
        }
    }
}
