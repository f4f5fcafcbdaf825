using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using HarmonyGen.Transforms;

namespace HarmonyGen.Benchmarks.Interpreter;

/// <summary>
/// A JOLT spec run by walking it at run time, for TransformBenchmarks only: what an engine that loads the spec file
/// does (as Harmony's does), set beside the class the generator compiles from the same file. It reads the spec once,
/// into a tree of its keys and targets, and walks that tree over each input. Only the subset the benchmark's specs use
/// is read; anything else is refused when the spec is loaded, so that it cannot be run wrong silently.
/// </summary>
/// <remarks>
/// Where the output is written (<see cref="JoltOutput"/>, <see cref="JoltPath"/>, <see cref="JoltPointer"/>) it uses
/// the runtime's helpers, as the compiled class does: the two then differ only in what compiling changes, the walk
/// of the spec against code written out from it.
/// </remarks>
public sealed class InterpretedTransform : IJsonTransform
{
    private readonly IReadOnlyList<IOperation> _operations;

    private InterpretedTransform(IReadOnlyList<IOperation> operations) => _operations = operations;

    /// <summary>Reads a spec file's text: an array of <c>{"operation", "spec"}</c> objects, other members ignored.</summary>
    public static InterpretedTransform Load(string specJson)
    {
        if (JsonNode.Parse(specJson) is not JsonArray items)
        {
            throw new NotSupportedException("a spec file is an array of operations");
        }

        var operations = new List<IOperation>();
        foreach (JsonNode? item in items)
        {
            if (item is not JsonObject entry || entry["operation"]?.GetValue<string>() is not { } name || !entry.TryGetPropertyValue("spec", out JsonNode? spec))
            {
                throw new NotSupportedException("an operation is an object with \"operation\" and \"spec\"");
            }

            operations.Add(name switch
            {
                "shift" => new ShiftOperation(ShiftSpec.Read(spec as JsonObject ?? throw new NotSupportedException("a shift spec is an object"))),
                "default" => new DefaultOperation(SpecLeaf.All(spec)),
                "remove" => new RemoveOperation(SpecLeaf.All(spec)),
                _ => throw new NotSupportedException($"operation '{name}' is not interpreted"),
            });
        }

        return new InterpretedTransform(operations);
    }

    /// <inheritdoc />
    public JsonNode? Apply(JsonNode? input)
    {
        JsonNode? result = input;
        foreach (IOperation operation in _operations)
        {
            result = operation.Apply(result);
        }

        return result;
    }
}

/// <summary>One operation of a spec, applied to the output of the one before.</summary>
internal interface IOperation
{
    JsonNode? Apply(JsonNode? input);
}
