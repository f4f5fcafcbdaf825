using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using HarmonyGen.Hosting;
using HarmonyGen.Mesh;
using HarmonyGen.Definitions;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Forwarding;

/// <summary>A pipeline's backend as forwarding needs it, decided at start-up: its definition, any egress that covers it, and YARP's request settings.</summary>
internal sealed record BackendRoute(BackendDefinition Definition, EgressRoute? Egress, ForwarderRequestConfig RequestConfig)
{
    /// <summary>The pipeline's first backend (the one it forwards to), or null when it names none.</summary>
    public static BackendRoute? Create(GatewayDefinition definition, PipelineDefinition pipeline, IReadOnlyDictionary<string, MeshCredentials> meshes)
    {
        BackendDefinition? backend = pipeline.Backends.IsDefaultOrEmpty
            ? null
            : definition.Backends.FirstOrDefault(b => b.Name == pipeline.Backends[0]);
        if (backend is null)
        {
            return null;
        }

        EgressRoute? egress = EgressRoute.Create(definition, pipeline, backend, meshes);
        return new BackendRoute(backend, egress, ConfigFor(backend, egress?.Definition));
    }

    private static ForwarderRequestConfig ConfigFor(BackendDefinition backend, EgressDefinition? egress)
    {
        bool http3 = backend.Service == BackendService.Http3 || egress?.Type == TransportType.Http3;
        return new ForwarderRequestConfig
        {
            ActivityTimeout = TimeSpan.FromSeconds(backend.TimeoutSeconds),
            // HTTP/3 where the backend speaks it, falling back to HTTP/2 or 1.1 (QUIC may be unavailable).
            Version = http3 && QuicSupport.IsSupported ? HttpVersion.Version30 : HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }
}
