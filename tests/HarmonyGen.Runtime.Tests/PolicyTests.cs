using System;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Middleware;
using HarmonyGen.Middleware.Policies;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>policies</c> enforced as Harmony enforces them: a request reaches the backend only when a rule allows it and none
/// denies it; a refusal is 403 (429 with <c>Retry-After</c> for a rate limit) as problem+json and never reaches the backend.
/// </summary>
public sealed class PolicyTests
{
    private static readonly PolicyRuleDefinition AllowAll = Rule(PolicyRuleType.AllowAll);

    [Fact]
    public async Task Ip_allow_lets_a_loopback_client_through_to_the_backend()
    {
        await using Guarded g = await Guarded.StartAsync(Rule(PolicyRuleType.IpAllow, Networks(("127.0.0.0", 8))));

        var request = new HttpRequestMessage(HttpMethod.Get, g.Url("/api/records?id=7"));
        request.Headers.Add("X-Trace-Me", "yes");
        (await g.Client.CallAsync(request)).AssertOk();

        RecordedRequest seen = Assert.Single(g.Backend.Requests);
        Assert.Equal("/base/records", seen.Path);
        Assert.Equal("?id=7", seen.Query);
        Assert.Equal("yes", seen.Headers["X-Trace-Me"]);
    }

    [Fact]
    public async Task Ip_allow_of_another_network_is_403_and_X_Forwarded_For_is_not_believed()
    {
        await using Guarded g = await Guarded.StartAsync(Rule(PolicyRuleType.IpAllow, Networks(("10.0.0.0", 8))));

        var request = new HttpRequestMessage(HttpMethod.Get, g.Url("/api/records"));
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");
        Answer answer = await g.Client.CallAsync(request);

        Assert.Equal("Access denied by policy", answer.AssertProblem(HttpStatusCode.Forbidden).GetProperty("title").GetString());
        Assert.Empty(g.Backend.Requests);
    }

    [Theory]
    [InlineData("10.1.2.3", HttpStatusCode.OK)]                          // the client, as the trusted loopback proxy says
    [InlineData("10.1.2.3:51234", HttpStatusCode.OK)]                    // with the port some proxies add
    [InlineData("198.51.100.7, 10.1.2.3", HttpStatusCode.OK)]            // the nearest untrusted hop is the client; what it claims is not
    [InlineData("10.1.2.3, 198.51.100.7", HttpStatusCode.Forbidden)]      // a client that claims 10.1.2.3 behind itself is still 198.51.100.7
    [InlineData("10.1.2.3, 127.0.0.5", HttpStatusCode.OK)]               // a second trusted proxy is skipped
    [InlineData("10.1.2.3, bogus", HttpStatusCode.Forbidden)]            // a malformed hop stops the walk at the proxy (127.0.0.1)
    [InlineData("10.0.1", HttpStatusCode.Forbidden)]                     // inet_aton's short form is no address a proxy writes
    public async Task X_Forwarded_For_names_the_client_only_through_trusted_proxies(string forwardedFor, HttpStatusCode expected)
    {
        await using Guarded g = await Guarded.BehindAsync([new IpNetworkDefinition("127.0.0.0", 8)], Rule(PolicyRuleType.IpAllow, Networks(("10.0.0.0", 8))));

        var request = new HttpRequestMessage(HttpMethod.Get, g.Url("/api/records"));
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        Answer answer = await g.Client.CallAsync(request);

        if (expected == HttpStatusCode.OK)
        {
            answer.AssertOk();
            Assert.Equal(forwardedFor, Assert.Single(g.Backend.Requests).Headers["X-Forwarded-For"]); // passed on unchanged
        }
        else
        {
            answer.AssertProblem(HttpStatusCode.Forbidden);
            Assert.Empty(g.Backend.Requests);
        }
    }

    [Fact]
    public async Task X_Forwarded_For_from_a_peer_that_is_not_a_trusted_proxy_is_ignored()
    {
        // Trusted proxies are configured, but the loopback client is none of them: it cannot choose its address.
        await using Guarded g = await Guarded.BehindAsync([new IpNetworkDefinition("192.0.2.0", 24)], Rule(PolicyRuleType.IpAllow, Networks(("10.0.0.0", 8))));

        var request = new HttpRequestMessage(HttpMethod.Get, g.Url("/api/records"));
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");
        (await g.Client.CallAsync(request)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Rate_limits_partition_by_the_forwarded_client()
    {
        await using Guarded g = await Guarded.BehindAsync([new IpNetworkDefinition("127.0.0.1", 32)], AllowAll, Rule(PolicyRuleType.RateLimit, new RateLimitCondition(1, 60)));

        async Task<Answer> From(string client)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, g.Url("/api/records"));
            request.Headers.Add("X-Forwarded-For", client);
            return await g.Client.CallAsync(request);
        }

        (await From("10.0.0.1")).AssertOk();
        (await From("10.0.0.2")).AssertOk(); // another client behind the same proxy has its own window
        (await From("10.0.0.1")).AssertProblem((HttpStatusCode)429);
        Assert.Equal(2, g.Backend.Requests.Count);
    }

    [Fact]
    public async Task Ip_deny_overrides_allow_all()
    {
        await using Guarded g = await Guarded.StartAsync(AllowAll, Rule(PolicyRuleType.IpDeny, Networks(("127.0.0.1", 32))));

        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Ip_rules_match_an_IPv6_loopback_client()
    {
        await using Guarded allowed = await Guarded.StartAsync("::1", Rule(PolicyRuleType.IpAllow, Networks(("::1", 128))));
        await using Guarded refused = await Guarded.StartAsync("::1", Rule(PolicyRuleType.IpAllow, Networks(("127.0.0.0", 8))));

        (await allowed.Client.FetchAsync(allowed.Url("/api/records"))).AssertOk();
        Assert.Single(allowed.Backend.Requests);
        (await refused.Client.FetchAsync(refused.Url("/api/records"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Empty(refused.Backend.Requests);
    }

    [Fact]
    public async Task Method_allow_forwards_a_listed_method_and_refuses_another()
    {
        await using Guarded g = await Guarded.StartAsync(Rule(PolicyRuleType.Method, List(RuleMode.Allow, "GET", "HEAD")));

        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertOk();
        (await g.Client.CallAsync(new HttpRequestMessage(HttpMethod.Delete, g.Url("/api/records")))).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal("GET", Assert.Single(g.Backend.Requests).Method);
    }

    [Fact]
    public async Task Path_deny_refuses_the_pattern_even_percent_encoded_and_forwards_the_rest()
    {
        await using Guarded g = await Guarded.StartAsync(AllowAll, Rule(PolicyRuleType.Path, List(RuleMode.Deny, "/api/admin/{*rest}")));

        (await g.Client.FetchAsync(g.Url("/api/records/1"))).AssertOk();
        (await g.Client.FetchAsync(g.Url("/api/admin/users"))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.FetchAsync(g.Url("/api/%61dmin/users"))).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal("/base/records/1", Assert.Single(g.Backend.Requests).Path);
    }

    [Fact]
    public async Task Content_type_allow_forwards_the_body_of_a_listed_type_and_refuses_another()
    {
        await using Guarded g = await Guarded.StartAsync(Rule(PolicyRuleType.ContentType, List(RuleMode.Allow, "application/json", "text/*")));

        byte[] json = Encoding.UTF8.GetBytes("{\"id\":7}");
        var post = new HttpRequestMessage(HttpMethod.Post, g.Url("/api/records")) { Content = new ByteArrayContent(json) };
        post.Content.Headers.TryAddWithoutValidation("Content-Type", "Application/JSON; charset=utf-8");
        (await g.Client.CallAsync(post)).AssertOk();
        var xml = new HttpRequestMessage(HttpMethod.Post, g.Url("/api/records")) { Content = new StringContent("<a/>", Encoding.UTF8, "application/xml") };
        (await g.Client.CallAsync(xml)).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertProblem(HttpStatusCode.Forbidden); // no Content-Type: no rule allows

        Assert.Equal(json, Assert.Single(g.Backend.Requests).Body);
    }

    [Fact]
    public async Task Rate_limit_answers_the_request_over_the_limit_429_with_Retry_After()
    {
        await using Guarded g = await Guarded.StartAsync(AllowAll, Rule(PolicyRuleType.RateLimit, new RateLimitCondition(MaxRequests: 2, WindowSeconds: 3600)));

        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertOk();
        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertOk();
        Answer third = await g.Client.FetchAsync(g.Url("/api/records"));

        third.AssertProblem((HttpStatusCode)429);
        TimeSpan? retryAfter = third.Response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter!.Value.TotalSeconds, 1, 3600);
        Assert.Equal(2, g.Backend.Requests.Count);
    }

    [Fact]
    public async Task Deny_all_refuses_every_request()
    {
        await using Guarded g = await Guarded.StartAsync(AllowAll, Rule(PolicyRuleType.DenyAll));

        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Disabled_rules_and_disabled_policies_are_skipped()
    {
        var disabledPolicy = new PolicyDefinition("off", "off", Enabled: false, [Rule(PolicyRuleType.DenyAll)]);
        var policy = new PolicyDefinition("on", "on", Enabled: true, [AllowAll, Rule(PolicyRuleType.DenyAll) with { Enabled = false }]);
        await using Guarded g = await Guarded.StartAsync(policy, disabledPolicy);

        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertOk();
    }

    [Fact]
    public async Task A_request_no_rule_allows_is_refused_403()
    {
        await using Guarded g = await Guarded.StartAsync(Rule(PolicyRuleType.Path, List(RuleMode.Allow, "/api/public/{*rest}")));

        (await g.Client.FetchAsync(g.Url("/api/private/1"))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.FetchAsync(g.Url("/api/public/1"))).AssertOk();
        Assert.Equal("/base/public/1", Assert.Single(g.Backend.Requests).Path);
    }

    [Theory]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("10.200.0.1", true)]
    [InlineData("::ffff:11.0.0.1", false)]
    [InlineData("2001:db8::1", false)]
    public void Ip_rule_matches_an_IPv4_client_reported_as_IPv4_mapped_IPv6(string client, bool matches)
    {
        var rule = new IpRule(Rule(PolicyRuleType.IpAllow), (IpNetworksCondition)Networks(("10.0.0.1", 8)), RuleVerdict.Allow);

        Assert.Equal(matches ? RuleVerdict.Allow : RuleVerdict.NoMatch, rule.Evaluate(new DefaultHttpContext(), IPAddress.Parse(client)));
    }

    [Theory]
    [InlineData("/admin/{*rest}", "/admin/users/1", true)]
    [InlineData("/admin/{*rest}", "/admin/", false)]
    [InlineData("/admin/{*rest}", "/admin", false)]
    [InlineData("/users/{id}", "/users/7", true)]
    [InlineData("/users/{id}", "/users/7/x", false)]
    [InlineData("/users/{id}", "/users/", false)]
    [InlineData("/files/{name}.json", "/files/a.b.json", true)]
    [InlineData("/health", "/health/", false)]
    [InlineData("/{{literal}}", "/{literal}", true)]
    public void Path_patterns_match_as_matchit_matches_them(string pattern, string path, bool matches) =>
        Assert.Equal(matches, PathPattern.Compile(pattern).Matches(path));

    [Fact]
    public void A_pipeline_with_policies_has_one_request_stage_per_policies_middleware()
    {
        PipelineDefinition pipeline = new GatewayBuilder("g").Pipeline("p", "n", ["e"], ["b"]).Endpoint("e")
            .Policies("p", "guard", new PolicyDefinition("all", null, true, [AllowAll])).Build().Pipelines[0];

        Assert.NotSame(PipelineStages.None, PipelineStages.For(pipeline, TimeProvider.System, _ => null));
        Assert.False(PipelineStages.For(pipeline, TimeProvider.System, _ => null).HasResponseStages);
    }

    [Fact]
    public async Task Header_allow_needs_every_entry_to_match_and_refuses_otherwise()
    {
        await using Guarded g = await Guarded.StartAsync(Rule(PolicyRuleType.Header, Matches(RuleMode.Allow,
            ("X-Api-Key", MatchKind.Exact, "Secret"), ("X-Client", MatchKind.Contains, "PORTAL"), ("X-Build", MatchKind.Regex, "^v[0-9]+$"))));

        (await g.Client.CallAsync(WithHeaders(g, ("X-Api-Key", "secret"), ("X-Client", "the-portal-app"), ("X-Build", "v12")))).AssertOk();
        (await g.Client.CallAsync(WithHeaders(g, ("X-Api-Key", "secret"), ("X-Client", "the-portal-app"), ("X-Build", "V12")))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.CallAsync(WithHeaders(g, ("X-Api-Key", "secret"), ("X-Client", "the-portal-app")))).AssertProblem(HttpStatusCode.Forbidden);
        Answer wrong = await g.Client.CallAsync(WithHeaders(g, ("X-Api-Key", "other"), ("X-Client", "portal"), ("X-Build", "v1")));

        Assert.Equal("Access denied by policy", wrong.AssertProblem(HttpStatusCode.Forbidden).GetProperty("title").GetString());
        Assert.Equal("secret", Assert.Single(g.Backend.Requests).Headers["X-Api-Key"]);
    }

    [Fact]
    public async Task Header_deny_overrides_allow_all_only_when_it_matches()
    {
        await using Guarded g = await Guarded.StartAsync(AllowAll, Rule(PolicyRuleType.Header, Matches(RuleMode.Deny, ("X-Debug", MatchKind.Exact, "on"))));

        (await g.Client.CallAsync(WithHeaders(g, ("X-Debug", "ON")))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.CallAsync(WithHeaders(g, ("X-Debug", "off")))).AssertOk();
        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertOk();
        Assert.Equal(2, g.Backend.Requests.Count);
    }

    [Fact]
    public async Task Query_parameter_allow_checks_exists_exact_and_slash_regex()
    {
        await using Guarded g = await Guarded.StartAsync(Rule(PolicyRuleType.QueryParameter, Matches(RuleMode.Allow,
            ("api_key", MatchKind.Exists, null), ("format", MatchKind.Exact, "json"), ("id", MatchKind.Regex, "/^[0-9]+$/"))));

        (await g.Client.FetchAsync(g.Url("/api/records?api_key=&format=JSON&id=42"))).AssertOk();
        (await g.Client.FetchAsync(g.Url("/api/records?format=json&id=42"))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.FetchAsync(g.Url("/api/records?api_key=k&format=json&id=4x"))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.FetchAsync(g.Url("/api/records?api_key=k&format=xml&id=4"))).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal("?api_key=&format=JSON&id=42", Assert.Single(g.Backend.Requests).Query);
    }

    [Fact]
    public async Task Query_parameter_deny_contains_refuses_a_matching_value()
    {
        await using Guarded g = await Guarded.StartAsync(AllowAll, Rule(PolicyRuleType.QueryParameter, Matches(RuleMode.Deny, ("role", MatchKind.Contains, "admin"))));

        (await g.Client.FetchAsync(g.Url("/api/records?role=SuperAdmin"))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.FetchAsync(g.Url("/api/records?role=reader"))).AssertOk();
        Assert.Equal("?role=reader", Assert.Single(g.Backend.Requests).Query);
    }

    [Fact]
    public async Task User_agent_deny_refuses_a_pattern_with_the_i_flag_and_forwards_others()
    {
        await using Guarded g = await Guarded.StartAsync(AllowAll, Rule(PolicyRuleType.UserAgent, Matches(RuleMode.Deny,
            ("bots", MatchKind.Regex, "/bot|crawler|spider/i"), ("scripts", MatchKind.Regex, "^python-requests"))));

        (await g.Client.CallAsync(WithHeaders(g, ("User-Agent", "GoogleBot/2.1")))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.CallAsync(WithHeaders(g, ("User-Agent", "python-requests/2.31")))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.CallAsync(WithHeaders(g, ("User-Agent", "Mozilla/5.0")))).AssertOk();
        Assert.Equal("Mozilla/5.0", Assert.Single(g.Backend.Requests).Headers["User-Agent"]);
    }

    [Fact]
    public async Task User_agent_allow_refuses_a_request_without_a_User_Agent()
    {
        await using Guarded g = await Guarded.StartAsync(Rule(PolicyRuleType.UserAgent, Matches(RuleMode.Allow, ("", MatchKind.Regex, "/firefox/i"))));

        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertProblem(HttpStatusCode.Forbidden);
        (await g.Client.CallAsync(WithHeaders(g, ("User-Agent", "Mozilla/5.0 Firefox/120")))).AssertOk();
        Assert.Single(g.Backend.Requests);
    }

    [Fact]
    public async Task Time_based_allows_inside_the_window_in_its_zone_and_refuses_outside()
    {
        // 2025-03-10 is a Monday; 14:30 UTC is 10:30 in New York (EDT, UTC-4).
        var clock = new ManualClock(new DateTimeOffset(2025, 3, 10, 14, 30, 0, TimeSpan.Zero));
        var hours = new TimeWindowCondition(true, "America/New_York", "09:00", "17:00", ["monday", "tuesday", "wednesday", "thursday", "friday"], null, null);
        await using Guarded g = await Guarded.StartAsync(clock, Rule(PolicyRuleType.TimeBased, hours));

        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertOk();
        clock.Advance(TimeSpan.FromHours(8)); // 18:30 in New York
        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Single(g.Backend.Requests);
    }

    [Theory]
    [InlineData("22:00", "06:00", "2025-03-10T23:15", true)] // wraps midnight
    [InlineData("22:00", "06:00", "2025-03-10T05:59", true)]
    [InlineData("22:00", "06:00", "2025-03-10T06:00", true)] // the end minute's first instant is inside, as Harmony's <=
    [InlineData("22:00", "06:00", "2025-03-10T06:01", false)]
    [InlineData("09:00", "17:00", "2025-03-10T08:59", false)]
    [InlineData("09:00", "17:00", "2025-03-10T17:00", true)]
    public void Time_window_of_day_is_inclusive_and_wraps_midnight(string start, string end, string local, bool inside)
    {
        var rule = new TimeWindowRule(Rule(PolicyRuleType.TimeBased), new TimeWindowCondition(true, "UTC", start, end, [], null, null), TimeProvider.System);

        Assert.Equal(inside ? RuleVerdict.Allow : RuleVerdict.Deny, rule.Decide(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2025-03-10T12:00", false)] // a Monday inside the dates: the maintenance window denies
    [InlineData("2025-03-11T12:00", true)]  // a Tuesday
    [InlineData("2025-04-07T12:00", true)]  // a Monday after end_date
    [InlineData("2025-03-31T23:59", false)] // end_date is inclusive
    public void Time_based_days_and_dates_with_allow_during_window_false(string local, bool allowed)
    {
        var rule = new TimeWindowRule(Rule(PolicyRuleType.TimeBased), new TimeWindowCondition(false, "UTC", null, null, ["monday"], "2025-03-01", "2025-03-31"), TimeProvider.System);

        Assert.Equal(allowed ? RuleVerdict.Allow : RuleVerdict.Deny, rule.Decide(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Header_query_and_user_agent_rules_that_pass_allocate_nothing()
    {
        var header = new ValueMatchRule(Rule(PolicyRuleType.Header), (MatchCondition)Matches(RuleMode.Allow, ("X-Key", MatchKind.Exact, "k"), ("X-Build", MatchKind.Regex, "^v[0-9]+$")), query: false);
        var query = new ValueMatchRule(Rule(PolicyRuleType.QueryParameter), (MatchCondition)Matches(RuleMode.Allow, ("id", MatchKind.Regex, "/^[0-9]+$/")), query: true);
        var agent = new UserAgentRule(Rule(PolicyRuleType.UserAgent), (MatchCondition)Matches(RuleMode.Deny, ("", MatchKind.Regex, "/bot/i")));
        var context = new DefaultHttpContext();
        context.Request.Headers["X-Key"] = "K";
        context.Request.Headers["X-Build"] = "v3";
        context.Request.Headers.UserAgent = "Mozilla/5.0";
        context.Request.QueryString = new QueryString("?id=7");
        _ = context.Request.Query; // parsed once per request by ASP.NET, whatever the rules
        for (int i = 0; i < 3; i++)
        {
            header.Evaluate(context, null);
            query.Evaluate(context, null);
            agent.Evaluate(context, null); // warm up the regex engines
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        RuleVerdict h = header.Evaluate(context, null);
        RuleVerdict q = query.Evaluate(context, null);
        RuleVerdict a = agent.Evaluate(context, null);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((RuleVerdict.Allow, RuleVerdict.Allow, RuleVerdict.NoMatch), (h, q, a));
        Assert.Equal(0, allocated);
    }

    private static HttpRequestMessage WithHeaders(Guarded g, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, g.Url("/api/records"));
        foreach ((string name, string value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static RuleCondition Matches(RuleMode mode, params (string Name, MatchKind Kind, string? Value)[] matches) =>
        new MatchCondition(mode, matches.Select(m => new ValueMatch(m.Name, m.Kind, m.Value)).ToImmutableArray());

    private static PolicyRuleDefinition Rule(PolicyRuleType type, RuleCondition? condition = null) =>
        new(type.ToString(), null, type, Weight: 0, Enabled: true, condition);

    private static RuleCondition Networks(params (string Address, int Prefix)[] networks) =>
        new IpNetworksCondition(networks.Select(n => new IpNetworkDefinition(n.Address, n.Prefix)).ToImmutableArray());

    private static RuleCondition List(RuleMode mode, params string[] values) => new ListCondition(mode, values.ToImmutableArray());

    /// <summary>A gateway whose one pipeline (<c>/api</c> to the backend's <c>/base</c>) has one policies middleware.</summary>
    private sealed class Guarded : IAsyncDisposable
    {
        private GatewayScenario _scenario = null!;
        private string _host = "127.0.0.1";

        public RecordingBackend Backend { get; private set; } = null!;

        public HttpClient Client => _scenario.Client;

        public string Url(string pathAndQuery) => $"http://{_host}:{_scenario.Port}{pathAndQuery}";

        public static Task<Guarded> StartAsync(params PolicyRuleDefinition[] rules) =>
            StartAsync("127.0.0.1", new PolicyDefinition("policy", "policy", true, rules.ToImmutableArray()));

        public static Task<Guarded> StartAsync(string bindAddress, params PolicyRuleDefinition[] rules) =>
            StartAsync(bindAddress, new PolicyDefinition("policy", "policy", true, rules.ToImmutableArray()));

        public static Task<Guarded> StartAsync(params PolicyDefinition[] policies) => StartAsync("127.0.0.1", policies);

        public static Task<Guarded> StartAsync(TimeProvider clock, params PolicyRuleDefinition[] rules) =>
            StartAsync("127.0.0.1", clock, [new PolicyDefinition("policy", "policy", true, rules.ToImmutableArray())]);

        /// <summary>Behind <paramref name="trusted"/> proxies (<c>[proxy] trusted_proxies</c>).</summary>
        public static Task<Guarded> BehindAsync(ImmutableArray<IpNetworkDefinition> trusted, params PolicyRuleDefinition[] rules) =>
            StartAsync("127.0.0.1", null, [new PolicyDefinition("policy", "policy", true, rules.ToImmutableArray())], trusted);

        private static Task<Guarded> StartAsync(string bindAddress, params PolicyDefinition[] policies) => StartAsync(bindAddress, null, policies);

        private static async Task<Guarded> StartAsync(string bindAddress, TimeProvider? clock, PolicyDefinition[] policies, ImmutableArray<IpNetworkDefinition> trusted = default)
        {
            var g = new Guarded { _host = bindAddress.Contains(':') ? $"[{bindAddress}]" : bindAddress };
            g._scenario = await GatewayScenario.StartAsync(async (servers, port) =>
            {
                g.Backend = await servers.StartBackendAsync();
                return new GatewayBuilder("hospital")
                    .Network("edge", port, bindAddress: bindAddress)
                    .Pipeline("records", "edge", ["api"], ["records_service"])
                    .Policies("records", "guard", policies)
                    .Endpoint("api", "/api")
                    .Backend("records_service", g.Backend.Url("/base"))
                    .Build() with { TrustedProxies = trusted };
            }, GatewayOptions.For(clock));
            return g;
        }

        public ValueTask DisposeAsync() => _scenario.DisposeAsync();
    }
}
