namespace HarmonyGen.Transforms;

/// <summary>
/// A compiled JOLT spec could not be applied to an input: an <c>@(...)</c> that reads a key the input lacks, a
/// <c>&amp;(n)</c> above the top of the input, an index that is not a number. Harmony's engine fails the same inputs
/// (fluvio-jolt's <c>Error</c>); the middleware's <c>fail_on_error</c> decides what happens then.
/// </summary>
public sealed class JoltTransformException(string message) : System.Exception(message);
