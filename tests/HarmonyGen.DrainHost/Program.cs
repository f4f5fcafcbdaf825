using System;
using System.Collections.Immutable;
using System.Globalization;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Builder;

// Serves one pipeline on 127.0.0.1:<port>: every path under /api goes to <backend-url>. The drain time comes from the
// definition, as the generator emits [proxy] drain_timeout_secs. Prints "started" once the listener is bound and
// "stopped" when the host has finished its shutdown, so the test can tell the phases apart.
//
//   HarmonyGen.DrainHost <port> <backend-url> <drain-seconds>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: HarmonyGen.DrainHost <port> <backend-url> <drain-seconds>");
    return 2;
}

int port = int.Parse(args[0], CultureInfo.InvariantCulture);
int drainSeconds = int.Parse(args[2], CultureInfo.InvariantCulture);
var definition = new GatewayDefinition(
    ProxyId: "drain-host",
    Networks: [new NetworkDefinition("edge", new ListenerDefinition("127.0.0.1", port), null)],
    Pipelines: [new PipelineDefinition("slow", null, ["edge"], ["api"], ["backend"], [], RequiresMeshAuth: false)],
    Endpoints: [new EndpointDefinition("api", EndpointService.Http, "/api")],
    Backends: [new BackendDefinition("backend", BackendService.Http, args[1], TimeoutSeconds: 300)],
    Ingresses: [],
    Egresses: [],
    RemoteIngresses: [],
    Meshes: [],
    Providers: [],
    IngressRoutes: [],
    EndpointRoutes: [new EndpointRoute("/api", "slow", "api", ImmutableArray.Create("edge"))],
    Limits: new LimitsDefinition(DrainTimeoutSeconds: drainSeconds));

WebApplication app = HarmonyGateway.Build(definition);
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine("started"));
app.Run();
Console.WriteLine("stopped");
return 0;
