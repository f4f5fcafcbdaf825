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
    /// <summary>The valid <c>[proxy] sensitive_field_patterns</c>, checked once (<see cref="ValidateSensitiveFieldPatterns"/>).</summary>
    private EquatableArray<string> _sensitiveFieldPatterns = EquatableArray<string>.Empty;

    /// <summary>log_dump's options when it has none (a built-in named alone, or a table without options).</summary>
    private LogDumpOptionsSpec LogDumpDefaults => LogDumpOptionsSpec.Defaults with { SensitiveFieldPatterns = _sensitiveFieldPatterns };

    /// <summary>
    /// Harmony compiles each pattern as <c>(?i)pattern</c> and skips, with a warning, one that does not compile: a
    /// value it was meant to hide would then be logged. So a pattern the regex crate would refuse is HG0807 here.
    /// </summary>
    private void ValidateSensitiveFieldPatterns()
    {
        var valid = new System.Collections.Generic.List<string>();
        foreach (Parsing.TomlValue pattern in _tables.Proxy.SensitiveFieldPatterns)
        {
            if (RegexPattern.Check(pattern.Text, slashForm: false) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidRegex, pattern.Location, pattern.Text, "proxy.sensitive_field_patterns", reason);
                continue;
            }

            valid.Add(pattern.Text);
        }

        _sensitiveFieldPatterns = valid.ToEquatableArray();
    }

    private LogDumpOptionsSpec ValidateLogDump(MiddlewareTable middleware)
    {
        if (middleware.Options is not LogDumpOptionsTable options)
        {
            return LogDumpDefaults;
        }

        string apply = options.Apply?.Text ?? "both";
        return new LogDumpOptionsSpec
        {
            Request = !apply.Equals("right", StringComparison.OrdinalIgnoreCase),
            Response = !apply.Equals("left", StringComparison.OrdinalIgnoreCase),
            // Harmony: an empty label is "dump" too.
            Label = options.Label is { Text.Length: > 0 } label ? label.Text : LogDumpOptionsSpec.Defaults.Label,
            RedactHeaders = options.RedactHeaders.Select(h => h.Text).ToEquatableArray(),
            SensitiveFieldPatterns = _sensitiveFieldPatterns,
            RedactMetadata = options.RedactMetadata.Select(m => m.Text).ToEquatableArray(),
        };
    }
}
