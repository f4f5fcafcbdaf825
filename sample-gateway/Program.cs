using System;
using HarmonyGen.Spec;
using SampleGateway;

// The runtime that serves these gateways is issue #3; until it lands, the sample shows what the generator
// compiled from clinic/ and hospital/: the route tables and the care network's policy.
Describe(Gateways.Clinic.Definition);
Describe(Gateways.Hospital.Definition);

static void Describe(GatewayDefinition gateway)
{
    Console.WriteLine($"gateway {gateway.ProxyId}");
    foreach (NetworkDefinition network in gateway.Networks)
    {
        Console.WriteLine($"  network {network.Name}: http://{network.Http?.BindAddress}:{network.Http?.BindPort}");
    }

    foreach (IngressRoute route in gateway.IngressRoutes)
    {
        Console.WriteLine($"  ingress {route.Scheme}://{route.Host}:{route.Port}{route.PathPrefix} -> {route.Pipeline}/{route.Endpoint} ({route.Mode})");
    }

    foreach (EndpointRoute route in gateway.EndpointRoutes)
    {
        Console.WriteLine($"  path    {route.PathPrefix} -> {route.Pipeline}/{route.Endpoint}");
    }

    foreach (EgressDefinition egress in gateway.Egresses)
    {
        Console.WriteLine($"  egress  {egress.Name} via backend {egress.Backend} ({egress.Mode}), meshes: {string.Join(", ", egress.Meshes)}");
    }

    foreach (MeshDefinition mesh in gateway.Meshes)
    {
        Console.WriteLine($"  mesh    {mesh.Name} ({mesh.Algorithm}, mesh_id {mesh.MeshId}): ingress [{string.Join(", ", mesh.Ingresses)}], egress [{string.Join(", ", mesh.Egresses)}]");
    }
}
