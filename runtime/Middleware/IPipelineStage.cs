using System.Threading.Tasks;
using HarmonyGen.Routing;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware;

/// <summary>
/// One middleware of a pipeline at run time (a policy, basic_auth, jwt_auth, a transform): built once at start-up
/// from the pipeline's middleware list, and invoked for each of its requests on its <see cref="Side"/>. A stage may
/// change the request (or, on the response side, the status and headers) or refuse it with a
/// <see cref="StageResult.Reject"/>; it never writes an answer itself.
/// </summary>
internal interface IPipelineStage
{
    /// <summary>The middleware's name in the TOML, for logs.</summary>
    string Name { get; }

    StageSide Side { get; }

    /// <summary>
    /// Runs the stage. Return a completed <see cref="ValueTask{TResult}"/> when no I/O is needed (most stages): the
    /// pipeline then runs without an async state machine.
    /// </summary>
    ValueTask<StageResult> InvokeAsync(HttpContext context);

    /// <summary>
    /// Runs the stage for a request routed to <paramref name="target"/>. Only a stage that needs the route overrides
    /// it (<c>path_filter</c> judges the path after the matched prefix; the stages that read metadata need it for its
    /// <c>path</c>); every other stage runs as without one. Both sides are given it.
    /// </summary>
    ValueTask<StageResult> InvokeAsync(HttpContext context, RouteTarget target) => InvokeAsync(context);
}
