using System;
using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.MultiHost.Gateway;
using HarmonyGen.MultiHost.Gateway.Soak;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

// One binary, one role per process; each gateway role runs inside its host's network namespace (netns.sh):
//
//   harmonygen-multihost clinic | hospital    the gateway compiled from clinic/ or hospital/, until SIGTERM
//   harmonygen-multihost backend              the fixed-response backend on 10.213.0.13:8080
//   harmonygen-multihost soak ...             the soak's traffic driver and sampler (SoakOptions.Usage)
//
// Gateways read the mesh secret from MULTIHOST_MESH_SECRET.
string role = args.FirstOrDefault() ?? "";
string[] rest = args.Skip(1).ToArray();
if (role == "soak")
{
    return await SoakDriver.RunAsync(rest);
}

// Backends that do not accept quickly (an unplugged host) answer 502 in a second, not the default 10.
var options = new HarmonyGatewayOptions { BackendConnectTimeout = TimeSpan.FromSeconds(1) };
WebApplication? app = role switch
{
    "clinic" => HarmonyGateway.Build<Gateways.Clinic>(options, rest),
    "hospital" => HarmonyGateway.Build<Gateways.Hospital>(options, rest),
    "backend" => FixedBackend.Build(rest),
    _ => null,
};
if (app is null)
{
    Console.Error.WriteLine("usage: harmonygen-multihost clinic | hospital | backend | soak " + SoakOptions.Usage);
    return 2;
}

await app.StartAsync();
// The test and soak.sh wait for this line before sending traffic.
Console.WriteLine($"harmonygen-multihost: {role} ready");
await app.WaitForShutdownAsync();
return 0;
