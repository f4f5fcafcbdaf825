using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>Providers: their API address and poll interval; whether a name is configured.</summary>
internal sealed partial class GatewayValidator
{
    private void ValidateProviders()
    {
        foreach (ProviderTable provider in _tables.Providers)
        {
            if (provider.Name == "local")
            {
                continue;
            }

            if (provider.Api is null || !UrlRules.TryParseHttpUrl(provider.Api.Text, out _))
            {
                Report(DiagnosticDescriptors.ProviderNeedsApi, provider.Api?.Location ?? provider.Location, provider.Name, provider.ApiKey);
            }

            // The runtime polls the provider at this interval: 0 would spin, and a day is as slow as a poll is useful.
            if (provider.PollIntervalSeconds is { } poll && !ValidPollInterval(poll.Value))
            {
                Report(DiagnosticDescriptors.ProviderPollIntervalOutOfRange, poll.Location, provider.Name, poll.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool ValidPollInterval(int seconds) => seconds is >= 1 and <= 86400;

    private bool ProviderConfigured(string name) => name == "local" || _providers.ContainsKey(name);

    private static ProviderSpec ValidatedProvider(ProviderTable provider) => new()
    {
        Name = provider.Name,
        Api = provider.Api?.Text,
        PollIntervalSeconds = provider.PollIntervalSeconds is { } poll && ValidPollInterval(poll.Value) ? poll.Value : 30,
    };
}
