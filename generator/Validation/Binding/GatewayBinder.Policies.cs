using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

/// <summary>Middleware chains, middleware, policies and rules, read as Harmony reads them.</summary>
internal static partial class GatewayBinder
{
    /// <summary>Harmony's policy rule types (src/models/middleware/types/policies.rs, docs/policy-rules-reference.md).</summary>
    public static readonly string[] RuleTypes =
    {
        "allow_all", "deny_all", "ip_allow", "ip_deny", "path", "header", "geo", "rate_limit", "time_based", "method",
        "user_agent", "content_type", "query_parameter",
    };

    public static readonly string[] RuleModes = { "allow", "deny" };

    /// <summary>Harmony's <c>apply</c> values for a transform (any other string applies on neither side there).</summary>
    public static readonly string[] TransformApplyValues = { "left", "right", "both" };

    /// <summary>metadata_transform's <c>transform_target</c> values (any other is Harmony's "Unknown transform_target" error).</summary>
    public static readonly string[] MetadataTransformTargets = { "metadata", "target_details" };

    private static readonly string[] s_ruleKeys = { "id", "name", "description", "type", "weight", "enabled", "options" };

    private sealed partial class Binder
    {
        /// <summary>
        /// <c>middleware</c> is a list, or a table with <c>left</c> and/or <c>right</c> (Harmony's PipelineMiddleware);
        /// anything else Harmony refuses.
        /// </summary>
        private MiddlewareChainTable BindMiddlewareChain(TableReader pipeline, string name)
        {
            const string expected = "an array of middleware names, or a table with 'left' and 'right' arrays";
            ConfigNode? node = pipeline.Child("middleware");
            if (node is null)
            {
                return MiddlewareChainTable.None;
            }

            if (!node.IsTable)
            {
                return node.Value!.Kind == TomlValueKind.Array
                    ? new MiddlewareChainTable(pipeline.StringArray("middleware"), EquatableArray<TomlValue>.Empty, false)
                    : Wrong(node.Value.Location, TomlValue.KindName(node.Value.Kind));
            }

            var chains = new TableReader(node, _diagnostics);
            bool written = chains.Has("left") || chains.Has("right");
            var chain = new MiddlewareChainTable(chains.StringArray("left"), chains.StringArray("right"), true);
            chains.ReportUnknownKeys($"[pipelines.{name}.middleware]", new[] { "left", "right" });
            return written ? chain : Wrong(node.KeyLocation ?? node.Location, "a table without 'left' or 'right'");

            MiddlewareChainTable Wrong(LocationInfo where, string actual)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, where, pipeline.Qualified("middleware"), expected, actual));
                return MiddlewareChainTable.None;
            }
        }

        private MiddlewareTable BindMiddleware(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            TomlValue? type = r.String("type", required: true);
            var policies = new List<Entry<PolicyTable>>();
            bool policiesWritten = false;
            ConfigNode? options = r.Table("options");
            string? kind = type is null ? null : HarmonyMiddleware.Find(type.Text)?.Name;
            // The options of policies and of the types in BindMiddlewareOptions are read; the others' are free-form (HG0006 skips them).
            if (options is not null && kind == HarmonyMiddleware.Policies)
            {
                var o = new TableReader(options, _diagnostics);
                policiesWritten = o.Has("policies");
                policies = Entries(o, "policies", "policy names, or policy tables", (inline, index) => BindPolicy(inline, inline: true));
            }

            TransformOptionsTable? transform = null;
            if (kind is HarmonyMiddleware.Transform or HarmonyMiddleware.MetadataTransform)
            {
                transform = BindTransformOptions(node, options, kind);
            }

            // authentication (a reference to [authentications.X]): the credentials a webhook posts with; the validator says
            // what becomes of it for the types that have one.
            TomlValue? authentication = r.String("authentication");
            r.ReportUnknownKeys($"[middleware.{node.Name}]", new[] { "type", "options", "authentication" });
            MiddlewareOptionsTable? bound = kind is null || (options is null && r.Has("options")) ? null : BindMiddlewareOptions(kind, options, node, authentication);
            return new MiddlewareTable(node.Name, node.Location, type, policies.ToEquatableArray(), policiesWritten, transform) { Options = bound };
        }

        /// <summary>
        /// A transform's or a metadata_transform's options (the same <c>parse_config</c> in Harmony but for the last key:
        /// <c>inject_context</c>, <c>transform_target</c>); without an options table, spec_path is missing at the middleware.
        /// </summary>
        private TransformOptionsTable BindTransformOptions(ConfigNode middleware, ConfigNode? options, string kind)
        {
            options ??= new ConfigNode("options", middleware.DottedPath + ".options", middleware.Location, null, null, EquatableArray<ConfigNode>.Empty);
            var o = new TableReader(options, _diagnostics);
            bool metadata = kind == HarmonyMiddleware.MetadataTransform;
            var table = new TransformOptionsTable(
                options.Location,
                o.String("spec_path", required: true),
                o.Enum("apply", TransformApplyValues),
                o.Bool("fail_on_error"),
                metadata ? null : o.Bool("inject_context"))
            {
                TransformTarget = metadata ? o.String("transform_target") : null, // its values are the validator's: what it says depends on apply
            };
            o.ReportUnknownKeys($"[middleware.{middleware.Name}.options]", new[] { "spec_path", "apply", "fail_on_error", metadata ? "transform_target" : "inject_context" });
            return table;
        }

        /// <summary>A <c>[policies.P]</c> table, or a policy written in place in a middleware's <c>options.policies</c>.</summary>
        private PolicyTable BindPolicy(ConfigNode node, bool inline)
        {
            var r = new TableReader(node, _diagnostics);
            // Harmony's PolicyDefinition requires id; a policy written in place may leave it out.
            TomlValue? id = r.String("id", required: !inline);
            r.String("name");
            r.String("description");
            bool rulesWritten = r.Has("rules");
            List<Entry<RuleTable>> rules = Entries(r, "rules", "rule names, or rule tables", (rule, _) => BindRule(rule, inline: true));
            if (inline && !rulesWritten)
            {
                // Harmony: "Policy at index N missing required 'rules' array".
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredKeyMissing, node.Location, "[" + TableReader.Display(node.DottedPath) + "]", "rules"));
            }

            string label = inline ? id?.Text ?? TableReader.Display(node.DottedPath) : node.Name;
            var policy = new PolicyTable(node.Name, label, node.Location, id, rules.ToEquatableArray(), r.Bool("enabled")?.Value ?? true, inline);
            r.ReportUnknownKeys("[" + TableReader.Display(node.DottedPath) + "]", new[] { "id", "name", "description", "enabled", "rules" });
            return policy;
        }

        /// <summary>A <c>[rules.R]</c> table, or a rule written in place in a policy's <c>rules</c>.</summary>
        private RuleTable BindRule(ConfigNode node, bool inline)
        {
            var r = new TableReader(node, _diagnostics);
            string table = "[" + TableReader.Display(node.DottedPath) + "]";
            // Harmony's RuleDefinition requires id and type; a rule in place may spell type rule_type and leave id out.
            TomlValue? id = r.String("id", required: !inline);
            r.String("name");
            r.String("description");
            TomlValue? type;
            if (inline && r.Has("rule_type"))
            {
                // Harmony reads rule_type first and then type, so with both written, type is not used.
                type = r.String("rule_type", required: true);
                r.Ignore("type");
            }
            else
            {
                type = r.String("type", required: true);
            }

            LocatedLong? weight = r.Long("weight");
            bool enabled = r.Bool("enabled")?.Value ?? true;
            ConfigNode? options = r.Table("options");
            RuleOptionsTable? bound = type is null || !RuleTypes.Contains(type.Text)
                ? null
                : BindRuleOptions(type.Text, options, node);
            string label = inline ? id?.Text ?? TableReader.Display(node.DottedPath) : node.Name;
            r.ReportUnknownKeys(table, inline ? s_ruleKeys.Concat(new[] { "rule_type" }).ToArray() : s_ruleKeys);
            return new RuleTable { Name = node.Name, Label = label, Location = node.Location, Id = id, Type = type, Weight = weight, Enabled = enabled, Options = bound };
        }

        /// <summary>
        /// The options each rule type reads in Harmony; any other key is reported as having no effect. What Harmony
        /// requires, or what a rule cannot match without, is required here (see docs/configuration-decisions.md).
        /// </summary>
        private RuleOptionsTable? BindRuleOptions(string type, ConfigNode? options, ConfigNode rule)
        {
            // A rule without an options table reads as one with no keys, so a missing option is reported at the rule.
            options ??= new ConfigNode("options", rule.DottedPath + ".options", rule.Location, null, null, EquatableArray<ConfigNode>.Empty);
            LocationInfo where = options.Location;
            string path = TableReader.Display(options.DottedPath);
            var o = new TableReader(options, _diagnostics);
            RuleOptionsTable? bound = type switch
            {
                "ip_allow" or "ip_deny" => List("ip_addresses", mode: false),
                "path" => List("paths", mode: true),
                "method" => List("methods", mode: true),
                "content_type" => List("content_types", mode: true),
                "geo" => List("country_codes", mode: true, modeRequired: false),
                "header" => Matches("headers", "name", "value", modeRequired: false),
                "query_parameter" => Matches("parameters", "name", "value", modeRequired: true),
                "user_agent" => Matches("patterns", "label", "pattern", modeRequired: true),
                "rate_limit" => new RateLimitRuleOptions(where, path, o.Long("max_requests"), o.Long("window_seconds")),
                "time_based" => new TimeRuleOptions(where, path)
                {
                    AllowDuringWindow = o.Bool("allow_during_window"),
                    TimeZone = o.String("timezone"),
                    StartTime = o.String("start_time"),
                    EndTime = o.String("end_time"),
                    DaysOfWeek = o.StringArray("days_of_week"),
                    StartDate = o.String("start_date"),
                    EndDate = o.String("end_date"),
                },
                _ => null, // allow_all and deny_all have no options
            };

            o.ReportUnknownKeys($"[{path}] of a '{type}' rule", Known(type));
            return bound;

            ListRuleOptions List(string key, bool mode, bool modeRequired = true) =>
                new(where, path, key, mode ? o.Enum("mode", RuleModes, required: modeRequired) : null, o.StringArray(key, required: true));

            MatchRuleOptions Matches(string key, string nameKey, string valueKey, bool modeRequired)
            {
                bool written = o.Has(key);
                var matches = new List<MatchTable>();
                foreach (ConfigNode item in InlineTables(o, key, $"{{ {nameKey} = ..., {valueKey} = ... }} tables"))
                {
                    var m = new TableReader(item, _diagnostics);
                    bool pattern = key == "patterns";
                    matches.Add(new MatchTable(item.Location, m.String(nameKey, required: !pattern), pattern ? null : m.String("match_type"), m.String(valueKey)));
                    m.ReportUnknownKeys("[" + TableReader.Display(item.DottedPath) + "]", pattern ? new[] { nameKey, valueKey } : new[] { nameKey, "match_type", valueKey });
                }

                if (!written)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredKeyMissing, where, "[" + path + "]", key));
                }

                return new MatchRuleOptions(where, path, key, o.Enum("mode", RuleModes, required: modeRequired), matches.ToEquatableArray());
            }
        }

        private static string[] Known(string type) => type switch
        {
            "ip_allow" or "ip_deny" => new[] { "ip_addresses" },
            "path" => new[] { "paths", "mode" },
            "method" => new[] { "methods", "mode" },
            "content_type" => new[] { "content_types", "mode" },
            "geo" => new[] { "country_codes", "mode" },
            "header" => new[] { "headers", "mode" },
            "query_parameter" => new[] { "parameters", "mode" },
            "user_agent" => new[] { "patterns", "mode" },
            "rate_limit" => new[] { "max_requests", "window_seconds" },
            "time_based" => new[] { "allow_during_window", "timezone", "start_time", "end_time", "days_of_week", "start_date", "end_date" },
            _ => new string[0],
        };

        /// <summary>
        /// A list whose entries name tables defined elsewhere (strings) or are the tables themselves: inline tables in
        /// the array, or <c>[[key]]</c> tables. Entries of another kind are reported one by one and dropped.
        /// </summary>
        private List<Entry<T>> Entries<T>(TableReader r, string key, string expected, System.Func<ConfigNode, int, T> bind)
            where T : class, System.IEquatable<T>
        {
            var entries = new List<Entry<T>>();
            ConfigNode? node = r.Child(key);
            if (node is null)
            {
                return entries;
            }

            if (node.IsTable)
            {
                // [[key]] tables: the parser numbers the elements #0, #1, ...
                int index = 0;
                foreach (ConfigNode element in node.Children)
                {
                    if (element.IsTable && element.Name.StartsWith("#", System.StringComparison.Ordinal))
                    {
                        entries.Add(new Entry<T>(null, bind(element, index++)));
                    }
                    else
                    {
                        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, element.KeyLocation ?? element.Location, r.Qualified(key), "an array of " + expected, "a table"));
                    }
                }

                return entries;
            }

            TomlValue value = node.Value!;
            if (value.Kind != TomlValueKind.Array)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, value.Location, r.Qualified(key), "an array of " + expected, TomlValue.KindName(value.Kind)));
                return entries;
            }

            for (int i = 0; i < value.Items.Count; i++)
            {
                TomlValue item = value.Items[i];
                if (item.Kind == TomlValueKind.String)
                {
                    entries.Add(new Entry<T>(item, null));
                }
                else if (item.Kind == TomlValueKind.Table)
                {
                    entries.Add(new Entry<T>(null, bind(InlineNode(node, i, item), i)));
                }
                else
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, item.Location, r.Qualified(key) + " items", expected, TomlValue.KindName(item.Kind)));
                }
            }

            return entries;
        }

        /// <summary>An array of inline tables (or <c>[[key]]</c> tables), each as a node to read like any table.</summary>
        private List<ConfigNode> InlineTables(TableReader r, string key, string expected)
        {
            var tables = new List<ConfigNode>();
            foreach (Entry<ConfigNode> entry in Entries<ConfigNode>(r, key, expected, (node, _) => node))
            {
                if (entry.Inline is { } table)
                {
                    tables.Add(table);
                }
                else
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, entry.Reference!.Location, r.Qualified(key) + " items", expected, "a string"));
                }
            }

            return tables;
        }

        /// <summary>An inline table inside an array, as a node: its keys become children, each at its value's span.</summary>
        private static ConfigNode InlineNode(ConfigNode array, int index, TomlValue table) =>
            InlineTable("#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), array.DottedPath, table);

        private static ConfigNode InlineTable(string name, string parentPath, TomlValue table)
        {
            string path = parentPath + "." + name;
            var children = new List<ConfigNode>();
            for (int i = 0; i < table.Items.Count && i < table.Keys.Count; i++)
            {
                TomlValue value = table.Items[i];
                children.Add(value.Kind == TomlValueKind.Table
                    ? InlineTable(table.Keys[i], path, value)
                    : new ConfigNode(table.Keys[i], path + "." + table.Keys[i], value.Location, value.Location, value, EquatableArray<ConfigNode>.Empty));
            }

            return new ConfigNode(name, path, table.Location, null, null, children.ToEquatableArray());
        }
    }
}
