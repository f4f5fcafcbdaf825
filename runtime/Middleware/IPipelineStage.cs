using System.Threading.Tasks;
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
}
