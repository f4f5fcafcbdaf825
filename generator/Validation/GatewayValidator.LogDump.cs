using System;
using System.Linq;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// <c>log_dump</c> (src/models/middleware/types/logger.rs in aurabx/harmony, 2446b8ee): which sides it logs and how
/// its entries are labelled and redacted. Its option types were checked by the binder.
/// </summary>
internal sealed partial class GatewayValidator
{
    private static LogDumpOptionsSpec ValidateLogDump(MiddlewareTable middleware)
    {
        if (middleware.Options is not LogDumpOptionsTable options)
        {
            return LogDumpOptionsSpec.Defaults;
        }

        string apply = options.Apply?.Text ?? "both";
        return new LogDumpOptionsSpec
        {
            Request = !apply.Equals("right", StringComparison.OrdinalIgnoreCase),
            Response = !apply.Equals("left", StringComparison.OrdinalIgnoreCase),
            // Harmony: an empty label is "dump" too.
            Label = options.Label is { Text.Length: > 0 } label ? label.Text : LogDumpOptionsSpec.Defaults.Label,
            RedactHeaders = options.RedactHeaders.Select(h => h.Text).ToEquatableArray(),
        };
    }
}
