using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// HG08xx and the policies middleware: references resolved as Harmony resolves them, every option of every rule type
/// checked at its exact span (regexes HG0807), and HG0008 for each enabled geo rule (no country database).
/// </summary>
public sealed class PolicyRuleDiagnosticTests
{
    private const string Api = "pipelines/api.toml";
    private const string Rules = "pipelines/rules.toml";

    /// <summary>The valid gateway with a policies middleware on its pipeline, one policy, and <paramref name="rules"/> in their own file.</summary>
    private static Toml WithRules(string ruleNames, string rules) =>
        Toml.WithMiddleware("guard", $"""
                [middleware.guard]
                type = "policies"
                [middleware.guard.options]
                policies = ["site"]

                [policies.site]
                id = "site"
                rules = [{ruleNames}]
                """)
            .Append(Rules, rules);

    private static string Rule(string name, string type, string options = "") =>
        $"[rules.{name}]\nid = \"{name}\"\ntype = \"{type}\"\n" + (options.Length == 0 ? string.Empty : $"[rules.{name}.options]\n{options}\n") + "\n";

    [Fact]
    public Task Allow_all_rules_only_build_a_gateway() =>
        Verify.Diagnostics(WithRules("\"everyone\"", Rule("everyone", "allow_all")));

    [Fact]
    public Task Every_rule_type_the_runtime_enforces_builds_a_gateway() =>
        Verify.Diagnostics(WithRules(
            "\"everyone\", \"none\", \"lan\", \"blocked\", \"verbs\", \"admin\", \"json\", \"limit\"",
            Rule("everyone", "allow_all")
            + Rule("none", "deny_all")
            + Rule("lan", "ip_allow", "ip_addresses = [\"10.0.0.0/8\", \"::1\"]")
            + Rule("blocked", "ip_deny", "ip_addresses = [\"203.0.113.0/24\"]")
            + Rule("verbs", "method", "mode = \"allow\"\nmethods = [\"GET\"]")
            + Rule("admin", "path", "mode = \"deny\"\npaths = [\"/admin/{*rest}\"]")
            + Rule("json", "content_type", "mode = \"allow\"\ncontent_types = [\"application/json\"]")
            + Rule("limit", "rate_limit", "max_requests = 10\nwindow_seconds = 60")));

    [Fact]
    public Task HG0008_a_rule_type_the_runtime_does_not_enforce_says_so_at_its_type()
    {
        Toml toml = WithRules("\"everyone\", \"where\"", Rule("everyone", "allow_all")
            + Rule("where", "geo", "mode = \"deny\"\ncountry_codes = [\"XX\"]"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0008", Rules, "\"geo\"").WithMessage(
                "Rule 'where' (type 'geo': Harmony reads the client's country from request metadata, and HarmonyGen has no country database to find it) of policy 'site' in middleware 'guard' guards traffic and HarmonyGen cannot enforce it, so the build stops rather than drop it silently"));
    }

    [Fact]
    public Task Header_query_parameter_user_agent_and_time_based_rules_are_enforced_without_a_diagnostic() =>
        Verify.Diagnostics(WithRules("\"key\", \"param\", \"bots\", \"hours\"",
            Rule("key", "header", "mode = \"allow\"\nheaders = [{ name = \"X-Api-Key\", value = \"k\" }, { name = \"X-Build\", match_type = \"regex\", value = \"^v[0-9]+$\" }]")
            + Rule("param", "query_parameter", "mode = \"allow\"\nparameters = [{ name = \"api_key\", match_type = \"exists\" }, { name = \"id\", match_type = \"regex\", value = \"/^[0-9]+$/\" }]")
            + Rule("bots", "user_agent", "mode = \"deny\"\npatterns = [{ label = \"bots\", pattern = \"/bot|crawler/i\" }]")
            + Rule("hours", "time_based", "timezone = \"America/New_York\"\nstart_time = \"22:00\"\nend_time = \"06:00\"\ndays_of_week = [\"monday\"]")));

    [Fact]
    public Task HG0807_a_regex_Harmony_would_refuse_at_its_value()
    {
        Toml toml = WithRules("\"key\", \"bots\"",
            Rule("key", "header", "mode = \"allow\"\nheaders = [{ name = \"X-Build\", match_type = \"regex\", value = \"v[0-9\" }]")
            + Rule("bots", "user_agent", "mode = \"deny\"\npatterns = [{ pattern = \"/(?!Mozilla)bot/i\" }, { pattern = \"(a)\\\\1\" }]"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0807", Rules, "\"v[0-9\""),
            toml.Error("HG0807", Rules, "\"/(?!Mozilla)bot/i\"").WithMessage(
                "'/(?!Mozilla)bot/i' in rules.bots.options.patterns is not a regular expression Harmony accepts: '(?!' (look-around and atomic groups) is not supported"),
            toml.Error("HG0807", Rules, "\"(a)\\\\1\""));
    }

    [Fact]
    public Task HG0801_every_bad_ip_range_at_its_array_item()
    {
        Toml toml = WithRules("\"lan\"", Rule("lan", "ip_allow",
            "ip_addresses = [\"10.0.0.0/8\", \"10.0.0.0/33\", \"2001:db8::/129\", \"10.1\", \"fe80::1%eth0\", \"::1/64\", \"192.168.010.1\", \"203.0.113.45\"]"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0801", Rules, "\"10.0.0.0/33\"").WithMessage(
                "'10.0.0.0/33' in rules.lan.options.ip_addresses is not an IPv4 or IPv6 address or CIDR range: an IPv4 prefix length is 0 to 32, not 33"),
            toml.Error("HG0801", Rules, "\"2001:db8::/129\""),
            toml.Error("HG0801", Rules, "\"10.1\""),
            toml.Error("HG0801", Rules, "\"fe80::1%eth0\""),
            toml.Error("HG0801", Rules, "\"192.168.010.1\""));
    }

    [Fact]
    public void Ip_ranges_reach_the_spec_as_networks()
    {
        GatewaySpec spec = Specs.Of(WithRules("\"lan\"", Rule("lan", "ip_deny", "ip_addresses = [\"10.0.0.0/8\", \"2001:DB8::/32\", \"203.0.113.45\"]")));
        RuleSpec rule = Assert.IsType<PoliciesOptionsSpec>(spec.Middleware.Single(m => m.Name == "guard").Options).Policies.Single().Rules.Single();

        Assert.Equal(PolicyRuleType.IpDeny, rule.Type);
        var networks = Assert.IsType<IpNetworksConditionSpec>(rule.Condition).Networks;
        Assert.Equal(
            new[] { ("10.0.0.0", 8), ("2001:db8::", 32), ("203.0.113.45", 32) },
            networks.Select(n => (n.Address, n.PrefixLength)));
    }

    [Fact]
    public void Rules_reach_the_spec_typed_with_Harmonys_defaults()
    {
        GatewaySpec spec = Specs.Of(WithRules("\"admin\", \"limit\", \"country\"",
            Rule("admin", "path", "mode = \"deny\"\npaths = [\"/admin/{*rest}\"]")
            + Rule("limit", "rate_limit", "max_requests = 10")
            + Rule("country", "geo", "country_codes = [\"au\"]")));
        RuleSpec[] rules = Assert.IsType<PoliciesOptionsSpec>(spec.Middleware.Single(m => m.Name == "guard").Options).Policies.Single().Rules.ToArray();

        var path = Assert.IsType<ListConditionSpec>(rules[0].Condition);
        Assert.Equal(RuleMode.Deny, path.Mode);
        Assert.Equal(new[] { "/admin/{*rest}" }, path.Values);
        var limit = Assert.IsType<RateLimitConditionSpec>(rules[1].Condition);
        Assert.Equal((10L, 60L), (limit.MaxRequests, limit.WindowSeconds)); // Harmony's default window
        var country = Assert.IsType<ListConditionSpec>(rules[2].Condition);
        Assert.Equal(RuleMode.Deny, country.Mode); // geo's default mode
        Assert.Equal(new[] { "AU" }, country.Values); // upper case, as Harmony compares
        Assert.All(rules, r => Assert.Equal(0, r.Weight));
    }

    [Fact]
    public Task HG0802_path_patterns_in_Harmonys_syntax()
    {
        Toml toml = WithRules("\"admin\"", Rule("admin", "path",
            "mode = \"deny\"\npaths = [\"/admin/{*path}\", \"admin\", \"/api/*\", \"/a/{*rest}/b\", \"/x/{id}\", \"/x/{other}\", \"/y/{}\", \"/z/{id\"]"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0802", Rules, "\"admin\"", 2).WithMessage("'admin' in rules.admin.options.paths is not a valid path pattern: it must start with '/'"),
            toml.Error("HG0802", Rules, "\"/api/*\""),
            toml.Error("HG0802", Rules, "\"/a/{*rest}/b\""),
            toml.Error("HG0802", Rules, "\"/x/{other}\"").WithMessage(
                "'/x/{other}' in rules.admin.options.paths is not a valid path pattern: it is the same route as '/x/{id}' to Harmony's matcher"),
            toml.Error("HG0802", Rules, "\"/y/{}\""),
            toml.Error("HG0802", Rules, "\"/z/{id\""));
    }

    [Fact]
    public Task HG0803_an_unknown_or_lower_case_http_method()
    {
        Toml toml = WithRules("\"verbs\"", Rule("verbs", "method", "mode = \"allow\"\nmethods = [\"GET\", \"get\", \"FETCH\"]"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0803", Rules, "\"get\"").WithMessage(
                "'get' in rules.verbs.options.methods is not an HTTP method (did you mean 'GET'?); write GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE or PATCH, in upper case"),
            toml.Error("HG0803", Rules, "\"FETCH\""));
    }

    [Fact]
    public Task HG0804_a_content_type_that_is_not_a_media_range()
    {
        Toml toml = WithRules("\"json\"", Rule("json", "content_type", "mode = \"allow\"\ncontent_types = [\"application/json\", \"application/*\", \"json\", \"*/json\"]"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0804", Rules, "\"json\"", 2),
            toml.Error("HG0804", Rules, "\"*/json\""));
    }

    [Fact]
    public Task HG0705_a_rate_limit_of_zero_or_less()
    {
        Toml toml = WithRules("\"everyone\", \"limit\"", Rule("everyone", "allow_all") + Rule("limit", "rate_limit", "max_requests = 0\nwindow_seconds = -60"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0705", Rules, "0").WithMessage("'rules.limit.options.max_requests' must be between 1 and 4294967295, not 0"),
            toml.Error("HG0705", Rules, "-60"));
    }

    [Fact]
    public Task HG0805_an_unknown_rule_type_with_a_suggestion()
    {
        Toml toml = WithRules("\"lan\"", Rule("lan", "ip_alow"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0805", Rules, "\"ip_alow\"").WithMessage(
                "Rule 'lan' has type 'ip_alow', which is not a Harmony rule type; Harmony would skip the rule as never matching; did you mean 'ip_allow'?"));
    }

    [Fact]
    public Task HG0002_a_weight_that_is_not_an_integer()
    {
        Toml toml = WithRules("\"everyone\"", "[rules.everyone]\nid = \"everyone\"\ntype = \"allow_all\"\nweight = \"high\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0002", Rules, "\"high\""));
    }

    [Fact]
    public Task HG0004_and_HG0003_a_path_rule_needs_a_mode_of_allow_or_deny()
    {
        Toml toml = WithRules("\"a\", \"b\"", Rule("a", "path", "paths = [\"/a\"]") + Rule("b", "path", "mode = \"block\"\npaths = [\"/b\"]"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Rules, "rules.a.options").WithMessage("[rules.a.options] needs 'mode'"),
            toml.Error("HG0003", Rules, "\"block\""));
    }

    [Fact]
    public Task HG0004_a_list_rule_without_its_list_is_reported_at_the_rule()
    {
        Toml toml = WithRules("\"lan\"", Rule("lan", "ip_allow"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Rules, "rules.lan").WithMessage("[rules.lan.options] needs 'ip_addresses'"));
    }

    [Fact]
    public Task HG0806_HG0004_and_HG0003_time_and_geo_options()
    {
        Toml toml = WithRules("\"hours\", \"where\"",
            Rule("hours", "time_based", "start_time = \"9:00\"\nstart_date = \"2025-02-30\"\nend_date = \"2025-12-31\"\ndays_of_week = [\"Monday\", \"funday\"]")
            + Rule("where", "geo", "country_codes = [\"US\", \"USA\"]"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0806", Rules, "\"9:00\"").WithMessage("'rules.hours.options.start_time' must be a time of day as HH:MM (24-hour), not '9:00'"),
            toml.Error("HG0004", Rules, "\"9:00\"").WithMessage("[rules.hours.options] with 'start_time' needs 'end_time'"),
            toml.Error("HG0806", Rules, "\"2025-02-30\""),
            toml.Error("HG0003", Rules, "\"funday\""),
            toml.Error("HG0806", Rules, "\"USA\""),
            toml.Error("HG0008", Rules, "\"geo\""));
    }

    [Fact]
    public Task HG0004_and_HG0003_header_matches_written_in_place()
    {
        Toml toml = WithRules("\"key\"", Rule("key", "header",
            "headers = [{ name = \"X-Api-Key\", value = \"k\" }, { name = \"X-Other\" }, { name = \"X-Third\", match_type = \"fuzzy\", value = \"v\" }]"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Rules, "{ name = \"X-Other\" }").WithMessage("'X-Other' in [rules.key.options] needs 'value'"),
            toml.Error("HG0003", Rules, "\"fuzzy\""));
    }

    [Fact]
    public Task A_rule_is_found_by_its_id_when_no_table_has_that_name()
    {
        Toml toml = WithRules("\"open-door\"", "[rules.everyone]\nid = \"open-door\"\ntype = \"allow_all\"\n");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0301_a_rule_that_no_table_names_or_identifies()
    {
        Toml toml = WithRules("\"everyone\", \"deny_admin_paths\"", Rule("everyone", "allow_all"));
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0301", Api, "\"deny_admin_paths\"").WithMessage("Rule 'deny_admin_paths' is not defined"));
    }

    [Fact]
    public Task HG0004_a_policy_or_rule_table_without_its_id_as_Harmony_requires()
    {
        Toml toml = WithRules("\"everyone\"", "[rules.everyone]\ntype = \"allow_all\"\n").Replace(Api, "id = \"site\"\n", string.Empty);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Api, "policies.site").WithMessage("[policies.site] needs 'id'"),
            toml.Error("HG0004", Rules, "rules.everyone").WithMessage("[rules.everyone] needs 'id'"));
    }

    [Fact]
    public Task HG0008_a_policies_middleware_with_no_enabled_rule_refuses_everything_in_Harmony()
    {
        Toml toml = WithRules("\"everyone\"", "[rules.everyone]\nid = \"everyone\"\ntype = \"allow_all\"\nenabled = false\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0008", Api, "\"policies\"").WithMessage(
                "Middleware 'guard' of type 'policies' (no enabled rule in an enabled policy: Harmony refuses every request) guards traffic and HarmonyGen cannot enforce it, so the build stops rather than drop it silently"));
    }

    [Fact]
    public Task Policies_and_rules_written_in_place_are_read_as_Harmonys_docs_write_them()
    {
        Toml toml = Toml.WithMiddleware("guard", """
                [middleware.guard]
                type = "policies"

                [[middleware.guard.options.policies]]
                id = "open"

                [[middleware.guard.options.policies.rules]]
                rule_type = "allow_all"
                weight = 100

                [[middleware.guard.options.policies]]
                id = "internal"

                [[middleware.guard.options.policies.rules]]
                type = "ip_allow"
                [middleware.guard.options.policies.rules.options]
                ip_addresses = ["10.0.0.0/8", "10.0.0.0/40"]
                """);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0801", Api, "\"10.0.0.0/40\"").WithMessage(
                "'10.0.0.0/40' in middleware.guard.options.policies[1].rules[0].options.ip_addresses is not an IPv4 or IPv6 address or CIDR range: an IPv4 prefix length is 0 to 32, not 40"));
    }
}
