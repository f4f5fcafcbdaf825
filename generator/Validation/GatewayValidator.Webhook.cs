using System;
using System.Linq;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// <c>webhook</c> (src/models/middleware/types/webhook.rs in aurabx/harmony, 575e2c5f): where it posts, on which sides,
/// for how long, and what it redacts. Its option types were checked by the binder.
/// </summary>
internal sealed partial class GatewayValidator
{
    /// <summary>Harmony's reqwest timeout bounds a post; beyond five minutes a copy of a request is no longer news.</summary>
    private const int MaxWebhookTimeoutSeconds = 300;

    private WebhookOptionsSpec? ValidateWebhook(MiddlewareTable middleware)
    {
        if (middleware.Options is not WebhookOptionsTable options || options.Endpoint is not { } endpoint)
        {
            return null; // HG0004 already: Harmony does not build the pipeline without an endpoint
        }

        bool valid = true;
        if (!UrlRules.TryParseHttpUrl(endpoint.Text, out _))
        {
            Report(DiagnosticDescriptors.WebhookEndpointInvalid, endpoint.Location, middleware.Name, endpoint.Text);
            valid = false;
        }

        int? timeout = InRange(options.TimeoutSeconds, $"middleware.{middleware.Name}.options.timeout_secs", 1, MaxWebhookTimeoutSeconds, "1", "300 seconds");
        if (options.Authentication is { } authentication)
        {
            Report(DiagnosticDescriptors.WebhookCredentialsNotSent, authentication.Location, middleware.Name, authentication.Text);
        }

        string apply = options.Apply?.Text ?? "left";
        return valid
            ? new WebhookOptionsSpec
            {
                Endpoint = endpoint.Text,
                Request = !apply.Equals("right", StringComparison.OrdinalIgnoreCase),
                Response = !apply.Equals("left", StringComparison.OrdinalIgnoreCase),
                TimeoutSeconds = timeout ?? 5,
                RedactHeaders = options.RedactHeaders.Select(h => h.Text).ToEquatableArray(),
                RedactMetadata = options.RedactMetadata.Select(h => h.Text).ToEquatableArray(),
                SensitiveFieldPatterns = _sensitiveFieldPatterns,
            }
            : null;
    }
}
