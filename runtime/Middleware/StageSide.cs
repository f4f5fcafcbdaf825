namespace HarmonyGen.Middleware;

/// <summary>Which side of the backend a pipeline stage runs on (Harmony's "left" and "right" middleware).</summary>
internal enum StageSide
{
    /// <summary>Left: on the request, after ingress authentication and before the egress and the backend.</summary>
    Request,

    /// <summary>Right: on the backend's response, once its status and headers are known and before its body is sent.</summary>
    Response,
}
