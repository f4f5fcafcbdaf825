using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

/// <summary>The options of middleware types other than policies, read as each type's <c>parse_config</c> in Harmony reads them.</summary>
internal static partial class GatewayBinder
{
    private sealed partial class Binder
    {
        /// <summary>
        /// The options of <paramref name="type"/> when HarmonyGen reads them; null for a type whose options are free-form.
        /// A middleware without an options table reads as one with no keys, so a missing option is reported at the middleware.
        /// </summary>
        private MiddlewareOptionsTable? BindMiddlewareOptions(string type, ConfigNode? options, ConfigNode middleware)
        {
            if (type != HarmonyMiddleware.PathFilter)
            {
                return null;
            }

            options ??= new ConfigNode("options", middleware.DottedPath + ".options", middleware.Location, null, null, EquatableArray<ConfigNode>.Empty);
            var o = new TableReader(options, _diagnostics);
            PathFilterOptionsTable table = BindPathFilter(o);
            o.ReportUnknownKeys("[" + TableReader.Display(options.DottedPath) + "]", new[] { "rules" });
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
    }
}
