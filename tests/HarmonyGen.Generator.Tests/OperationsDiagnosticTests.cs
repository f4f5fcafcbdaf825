using System;
using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>HG07xx: the management API, content limits, drain time and concurrency caps.</summary>
public sealed class OperationsDiagnosticTests
{
    private const string Config = "config.toml";
    private const string Api = "pipelines/api.toml";

    private const string AdminNetwork = "[network.admin.http]\nbind_address = \"127.0.0.1\"\nbind_port = 9090\n";

    private static Toml WithManagement(string body) =>
        Toml.Valid().Append(Config, AdminNetwork).Append(Config, "[management]\n" + body);

    /// <summary>The valid gateway with <paramref name="lines"/> added to its <c>[proxy]</c> table.</summary>
    private static Toml Proxy(string lines) => Toml.Valid().Replace(Config, "id = \"clinic\"\n", "id = \"clinic\"\n" + lines);

    private static Toml ContentLimit(string key, string value) => Proxy($"\n[proxy.content_limits]\n{key} = {value}\n");

    [Fact]
    public Task Management_on_its_own_network_is_valid() =>
        Verify.Diagnostics(WithManagement("enabled = true\nbase_path = \"admin\"\nnetwork = \"admin\"\n"));

    [Fact]
    public Task HG0701_unknown_management_network_suggests_the_near_name()
    {
        Toml toml = WithManagement("enabled = true\nnetwork = \"admn\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0701", Config, "\"admn\"").WithMessage("[management] network 'admn' is not defined; did you mean 'admin'?"));
    }

    [Theory]
    [InlineData("\"ad min\"")]
    [InlineData("\"admin?x=1\"")]
    [InlineData("\"admin#top\"")]
    [InlineData("\"ad%20min\"")]
    [InlineData("\"admin//ops\"")]
    [InlineData("\"admin/../x\"")]
    [InlineData("\"admin\\\\ops\"")]
    public Task HG0702_base_path_with_characters_a_path_cannot_hold(string basePath)
    {
        Toml toml = WithManagement($"base_path = {basePath}\nnetwork = \"admin\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0702", Config, basePath));
    }

    [Fact]
    public Task HG0703_management_on_a_traffic_network_warns()
    {
        Toml toml = Toml.Valid().Append(Config, "[management]\nnetwork = \"lan\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0703", Config, "\"lan\"", occurrence: 1).WithArguments("lan", "api"));
    }

    [Fact]
    public Task Management_without_a_network_is_a_missing_key_unless_disabled()
    {
        Toml toml = Toml.Valid().Append(Config, "[management]\nbase_path = \"/admin\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0004", Config, "management"));
    }

    [Fact]
    public Task Disabled_management_needs_no_network() =>
        Verify.Diagnostics(Toml.Valid().Append(Config, "[management]\nenabled = false\n"));

    [Fact]
    public Task HG0002_management_values_of_the_wrong_type()
    {
        Toml toml = WithManagement("enabled = \"yes\"\nbase_path = 42\nnetwork = \"admin\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0002", Config, "\"yes\""), toml.Error("HG0002", Config, "42"));
    }

    [Theory]
    [InlineData("\"10 parsecs\"")]
    [InlineData("\"MB\"")]
    [InlineData("\"-5MB\"")]
    [InlineData("\"1.5MB\"")]
    public Task HG0704_body_size_that_is_not_a_size(string size)
    {
        Toml toml = ContentLimit("max_body_size", size);
        return Verify.Diagnostics(toml, toml.Error("HG0704", Config, size));
    }

    [Theory]
    [InlineData("max_body_size", "0")]
    [InlineData("max_body_size", "-1")]
    [InlineData("max_body_size", "\"2000GiB\"")]
    [InlineData("max_body_size", "\"2TiB\"")]
    [InlineData("max_body_size", "\"1100GB\"")]
    [InlineData("max_body_size", "1099511627777")]
    [InlineData("max_header_size", "100")]
    [InlineData("max_header_size", "\"32MiB\"")]
    public Task HG0705_content_limit_out_of_range(string key, string value)
    {
        Toml toml = ContentLimit(key, value);
        return Verify.Diagnostics(toml, toml.Error("HG0705", Config, value));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3601")]
    public Task HG0705_drain_timeout_out_of_range(string value)
    {
        Toml toml = Proxy($"drain_timeout_secs = {value}\n");
        return Verify.Diagnostics(toml, toml.Error("HG0705", Config, value));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1000001")]
    public Task HG0705_max_concurrent_requests_out_of_range(string value)
    {
        Toml toml = Toml.Valid().Replace(Api, "backends = [\"partner\"]\n", $"backends = [\"partner\"]\nmax_concurrent_requests = {value}\n");
        return Verify.Diagnostics(toml, toml.Error("HG0705", Api, value));
    }

    [Fact]
    public Task HG0002_body_size_of_the_wrong_type()
    {
        Toml toml = ContentLimit("max_body_size", "true");
        return Verify.Diagnostics(toml, toml.Error("HG0002", Config, "true"));
    }

    [Theory]
    [InlineData("1048576")]
    [InlineData("\"10MB\"")]
    [InlineData("\"512 KiB\"")]
    [InlineData("\"1gb\"")]
    [InlineData("\"1TiB\"")]
    [InlineData("\"1 TB\"")]
    [InlineData("1099511627776")]
    public Task Sizes_as_bytes_or_with_units_are_valid(string size) =>
        Verify.Diagnostics(Proxy($"drain_timeout_secs = 0\n\n[proxy.content_limits]\nmax_body_size = {size}\n"));

    [Theory]
    [InlineData("\"1TiB\"", 1L << 40)]
    [InlineData("\"1TB\"", 1_000_000_000_000L)]
    [InlineData("\"3 GiB\"", 3L << 30)]
    [InlineData("\"512kib\"", 512L << 10)]
    public void Sizes_reach_the_spec_in_bytes(string size, long bytes) =>
        Assert.Equal(bytes, Specs.Of(ContentLimit("max_body_size", size)).Limits?.MaxBodySize);

    [Fact]
    public Task HG0801_trusted_proxies_each_at_its_array_item()
    {
        Toml toml = Proxy("trusted_proxies = [\"10.0.0.0/8\", \"10.0.0.0/33\", \"::1\", \"127.1\"]\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0801", Config, "\"10.0.0.0/33\"").WithMessage(
                "'10.0.0.0/33' in proxy.trusted_proxies is not an IPv4 or IPv6 address or CIDR range: an IPv4 prefix length is 0 to 32, not 33"),
            toml.Error("HG0801", Config, "\"127.1\""));
    }

    [Fact]
    public Task HG0002_trusted_proxies_is_an_array_of_strings()
    {
        Toml toml = Proxy("trusted_proxies = \"10.0.0.0/8\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0002", Config, "\"10.0.0.0/8\""));
    }

    [Fact]
    public void Trusted_proxies_reach_the_generated_definition()
    {
        Toml toml = Proxy("trusted_proxies = [\"10.20.0.0/16\", \"2001:db8::1\"]\n");
        Assert.Equal(
            new[] { ("10.20.0.0", 16), ("2001:db8::1", 128) },
            Specs.Of(toml).TrustedProxies.Select(n => (n.Address, n.PrefixLength)).ToArray());
        string source = GeneratorRunner.Run(toml.Files).GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("TrustedProxies: [new(\"10.20.0.0\", 16), new(\"2001:db8::1\", 128)]", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin", "/admin")]
    [InlineData("/admin/", "/admin")]
    [InlineData("/ops/admin", "/ops/admin")]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    public void Base_path_is_normalised(string written, string expected)
    {
        Assert.True(HarmonyGen.Generator.Validation.GatewayValidator.ManagementBasePath(written, out string normalized, out _));
        Assert.Equal(expected, normalized);
    }
}
