using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// <c>webhook</c> read as Harmony's parse_config reads it (src/models/middleware/types/webhook.rs): a required
/// <c>endpoint</c>, <c>apply</c> left (the default), right or both, <c>timeout_secs</c> (default 5), the names to redact.
/// </summary>
public sealed class WebhookDiagnosticTests
{
    private const string Api = "pipelines/api.toml";

    private static Toml WithWebhook(string table) => Toml.WithMiddleware("notify", "[middleware.notify]\ntype = \"webhook\"\n" + table);

    [Fact]
    public Task A_webhook_with_harmonys_options_builds_with_its_sides_and_redactions()
    {
        Toml toml = WithWebhook("[middleware.notify.options]\nendpoint = \"http://127.0.0.1:9001/hook\"\napply = \"Both\"\ntimeout_secs = 7\nredact_headers = [\"x-patient\"]\nredact_metadata = [\"secret\"]\n");
        WebhookOptionsSpec hook = Assert.IsType<WebhookOptionsSpec>(Specs.Of(toml).Middleware.Single(m => m.Name == "notify").Options);

        Assert.Equal("http://127.0.0.1:9001/hook", hook.Endpoint);
        Assert.True(hook.Request && hook.Response);
        Assert.Equal(7, hook.TimeoutSeconds);
        Assert.Equal(new[] { "x-patient" }, hook.RedactHeaders);
        Assert.Equal(new[] { "secret" }, hook.RedactMetadata);
        return Verify.Diagnostics(toml); // the emitted definition compiles against the runtime
    }

    [Fact]
    public void Harmonys_defaults_are_the_request_side_and_five_seconds()
    {
        Toml toml = WithWebhook("[middleware.notify.options]\nendpoint = \"https://hooks.example.org/in\"\n");
        WebhookOptionsSpec hook = Assert.IsType<WebhookOptionsSpec>(Specs.Of(toml).Middleware.Single(m => m.Name == "notify").Options);
        Assert.True(hook.Request);
        Assert.False(hook.Response);
        Assert.Equal(5, hook.TimeoutSeconds);
    }

    [Fact]
    public Task HG0004_a_webhook_needs_an_endpoint()
    {
        Toml toml = WithWebhook("[middleware.notify.options]\napply = \"left\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0004", Api, "middleware.notify.options").WithMessage("[middleware.notify.options] needs 'endpoint'"));
    }

    [Theory]
    [InlineData("\"hooks.example.org/in\"")]
    [InlineData("\"ftp://hooks.example.org/in\"")]
    [InlineData("\"\"")]
    public Task HG0950_an_endpoint_that_is_not_an_absolute_http_url(string endpoint)
    {
        Toml toml = WithWebhook($"[middleware.notify.options]\nendpoint = {endpoint}\n");
        return Verify.Diagnostics(toml, toml.Error("HG0950", Api, endpoint).WithMessage(
            $"Webhook 'notify' endpoint '{endpoint.Trim('"')}' must be an absolute http:// or https:// URL with a host"));
    }

    [Fact]
    public Task HG0003_an_apply_Harmony_would_run_on_neither_side()
    {
        Toml toml = WithWebhook("[middleware.notify.options]\nendpoint = \"http://127.0.0.1:9001/hook\"\napply = \"request\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0003", Api, "\"request\""));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    public Task HG0705_a_timeout_out_of_range(string timeout)
    {
        Toml toml = WithWebhook($"[middleware.notify.options]\nendpoint = \"http://127.0.0.1:9001/hook\"\ntimeout_secs = {timeout}\n");
        return Verify.Diagnostics(toml, toml.Error("HG0705", Api, timeout, occurrence: Occurrence(toml, timeout)));
    }

    [Fact]
    public Task HG0951_credentials_for_the_webhook_are_not_sent()
    {
        // Harmony's webhook example: authentication = "hook_basic" beside type, naming [authentications.hook_basic].
        Toml toml = WithWebhook("authentication = \"hook_basic\"\n[middleware.notify.options]\nendpoint = \"http://127.0.0.1:9001/hook\"\n");
        return Verify.Diagnostics(toml, toml.Warning("HG0951", Api, "\"hook_basic\"").WithMessage(
            "Webhook 'notify' names authentication 'hook_basic', which HarmonyGen does not read: its posts carry no credentials, and an endpoint that requires them will refuse them (the requests themselves are unaffected)"));
    }

    [Fact]
    public Task HG0006_an_option_harmony_does_not_read()
    {
        Toml toml = WithWebhook("[middleware.notify.options]\nendpoint = \"http://127.0.0.1:9001/hook\"\nretries = 3\n");
        return Verify.Diagnostics(toml, toml.Warning("HG0006", Api, "retries"));
    }

    /// <summary>The occurrence of <paramref name="value"/> that is the timeout's (a port number may hold the same digits).</summary>
    private static int Occurrence(Toml toml, string value)
    {
        string text = toml[Api];
        int at = text.IndexOf("timeout_secs = " + value, System.StringComparison.Ordinal) + "timeout_secs = ".Length;
        int occurrence = 0;
        for (int i = text.IndexOf(value, System.StringComparison.Ordinal); i >= 0 && i <= at; i = text.IndexOf(value, i + 1, System.StringComparison.Ordinal))
        {
            occurrence++;
        }

        return occurrence;
    }
}
