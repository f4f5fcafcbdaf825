using HarmonyGen.Hosting;

// Gateways.GatewayTypeName is generated from config.toml (its [proxy] id) while this project compiles.
// The listeners, routes and meshes all come from the TOML: see config.toml, pipelines/ and mesh/.
// `--describe` prints the gateway's mesh graph (Mermaid) and exits before anything binds a port.
if (HarmonyGateway.Describe(args, Company.Gateway1.Gateways.GatewayTypeName.Definition)) return;

var app = HarmonyGateway.Build<Company.Gateway1.Gateways.GatewayTypeName>(args: args);
app.Run();
