namespace HarmonyGen.Generator.Spec;

// The runtime's enums (runtime/Definitions/Enums.cs), member for member: the emitter writes a value as its member name
// (TransportType.Http3), so the names must match; a generator test compares the two sets.

internal enum TransportType
{
    Http,
    Http3,
}

internal enum MeshMode
{
    Default,
    Mesh,
}

internal enum EndpointService
{
    Http,
    Fhir,
    DicomWeb,
    Echo,
}

internal enum BackendService
{
    Http,
    Http3,
    Echo,
}

internal enum MeshProvider
{
    Local,
    Runbeam,
}

internal enum MeshAlgorithm
{
    HS256,
    RS256,
}
