using System.Linq;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Generator;

/// <summary>
/// A diagnostic as a value: the descriptor's ID, where, and the message arguments. Turned into a
/// <see cref="Diagnostic"/> only when reported, so that models stay equatable.
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments, LocationInfo? AdditionalLocation = null)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    /// <summary>
    /// A diagnostic that also points somewhere else (the other half of a duplicate). The other place is appended as
    /// the last message argument too, because <c>dotnet build</c> prints only the primary location.
    /// </summary>
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, LocationInfo additional, params string[] arguments) =>
        new(descriptor.Id, location, arguments.Concat(new[] { additional.Display }).ToEquatableArray(), additional);

    public Diagnostic ToDiagnostic()
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(Id);
        object[] args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        Location location = Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None;
        return AdditionalLocation is null
            ? Diagnostic.Create(descriptor, location, args)
            : Diagnostic.Create(descriptor, location, new[] { AdditionalLocation.ToLocation() }, args);
    }
}
