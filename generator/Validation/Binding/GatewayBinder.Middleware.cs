using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

/// <summary>The options of middleware types other than policies, read as each type's <c>parse_config</c> in Harmony reads them.</summary>
internal static partial class GatewayBinder
{
    private static readonly string[] s_logDumpKeys = { "apply", "pretty", "max_bytes", "redact_headers", "redact_metadata", "redact_data_fields", "label" };

    private static readonly string[] s_webhookKeys = { "endpoint", "apply", "timeout_secs", "redact_headers", "redact_metadata" };

    /// <summary>log_dump's <c>apply</c>, compared ignoring case as Harmony's <c>should_left</c>/<c>should_right</c> compare it.</summary>
    public static readonly string[] LogDumpSides = { "left", "right", "both" };

    private sealed partial class Binder
    {
        /// <summary>
        /// The options of <paramref name="type"/> when HarmonyGen reads them; null for a type whose options are free-form.
        /// A middleware without an options table reads as one with no keys, so a missing option is reported at the middleware.
        /// </summary>
        private MiddlewareOptionsTable? BindMiddlewareOptions(string type, ConfigNode? options, ConfigNode middleware, TomlValue? authentication)
        {
            if (type is HarmonyMiddleware.BasicAuth or HarmonyMiddleware.JwtAuth)
            {
                return BindAuthOptions(type, options, middleware);
            }

            if (type is not (HarmonyMiddleware.PathFilter or HarmonyMiddleware.LogDump or HarmonyMiddleware.Webhook))
            {
                return null;
            }

            options ??= new ConfigNode("options", middleware.DottedPath + ".options", middleware.Location, null, null, EquatableArray<ConfigNode>.Empty);
            var o = new TableReader(options, _diagnostics);
            (MiddlewareOptionsTable table, string[] known) = type switch
            {
                HarmonyMiddleware.PathFilter => ((MiddlewareOptionsTable)BindPathFilter(o), new[] { "rules" }),
                HarmonyMiddleware.LogDump => (BindLogDump(o), s_logDumpKeys),
                _ => (BindWebhook(o, authentication), s_webhookKeys),
            };
            o.ReportUnknownKeys("[" + TableReader.Display(options.DottedPath) + "]", known);
            return table;
        }

        /// <summary>
        /// Harmony: "Missing required 'rules' array", "All rules must be strings", "PathFilter requires at least one
        /// rule"; each stops Harmony building the pipeline, so each is an error here, at the key, the item or the array.
        /// </summary>
        private static PathFilterOptionsTable BindPathFilter(TableReader o)
        {
            EquatableArray<TomlValue> rules = o.StringArray("rules", required: true);
            TomlValue? written = o.Child("rules")?.Value;
            LocationInfo? emptyAt = written is { Kind: TomlValueKind.Array, Items.Count: 0 } ? written.Location : null;
            return new PathFilterOptionsTable(o.Qualified("rules"), rules, emptyAt);
        }

        /// <summary>
        /// Harmony reads each option with a type check that falls back to the default when it fails (<c>as_str</c>,
        /// <c>as_bool</c>, <c>as_u64</c>), so a mistyped option silently becomes the default there; here it is an error
        /// at the value. An <c>apply</c> other than left, right or both makes Harmony log nothing at all: an error too.
        /// </summary>
        private LogDumpOptionsTable BindLogDump(TableReader o)
        {
            o.Bool("pretty");
            if (o.Long("max_bytes") is { Value: < 0 } negative)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, negative.Location, o.Qualified("max_bytes"), "a byte count of 0 or more", negative.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            EquatableArray<TomlValue> redactMetadata = o.StringArray("redact_metadata");
            o.StringArray("redact_data_fields");
            return new LogDumpOptionsTable(Apply(o), o.String("label"), o.StringArray("redact_headers")) { RedactMetadata = redactMetadata };
        }

        /// <summary>Harmony: "Missing required 'endpoint' in webhook middleware config"; the rest default (apply left, 5 s).</summary>
        private WebhookOptionsTable BindWebhook(TableReader o, TomlValue? authentication) =>
            new(o.String("endpoint", required: true), Apply(o), o.Int("timeout_secs"), o.StringArray("redact_headers"), o.StringArray("redact_metadata"), authentication);

        /// <summary><c>apply</c>: left, right or both, in any case, as Harmony compares it; another value is HG0003 (Harmony would run neither side).</summary>
        private TomlValue? Apply(TableReader o)
        {
            TomlValue? apply = o.String("apply");
            if (apply is not null && System.Array.FindIndex(LogDumpSides, side => string.Equals(side, apply.Text, System.StringComparison.OrdinalIgnoreCase)) < 0)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEnumValue, apply.Location, o.Qualified("apply"), "'left', 'right', 'both'", apply.Text));
                return null;
            }

            return apply;
        }
    }
}
