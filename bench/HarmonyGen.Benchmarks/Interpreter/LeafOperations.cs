using System.Collections.Generic;
using System.Text.Json.Nodes;
using HarmonyGen.Transforms;

namespace HarmonyGen.Benchmarks.Interpreter;

/// <summary><c>default</c>: each leaf the input does not have is added, in place, with the objects on its way.</summary>
internal sealed class DefaultOperation(IReadOnlyList<SpecLeaf> leaves) : IOperation
{
    public JsonNode? Apply(JsonNode? input)
    {
        JsonNode? result = input;
        foreach (SpecLeaf leaf in leaves)
        {
            if (!JoltPointer.Exists(result, leaf.Tokens))
            {
                JoltPointer.Insert(ref result, leaf.Path, leaf.NewValue());
            }
        }

        return result;
    }
}

/// <summary><c>remove</c>: each leaf's key is deleted where the input has it, in place.</summary>
internal sealed class RemoveOperation(IReadOnlyList<SpecLeaf> leaves) : IOperation
{
    public JsonNode? Apply(JsonNode? input)
    {
        foreach (SpecLeaf leaf in leaves)
        {
            if (JoltPointer.Exists(input, leaf.Tokens))
            {
                JoltPointer.Delete(input, leaf.ParentTokens, leaf.Key);
            }
        }

        return input;
    }
}
