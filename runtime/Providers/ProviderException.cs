using System;

namespace HarmonyGen.Providers;

/// <summary>
/// A provider call that gave no answer HarmonyGen can use. The message is a short reason fit for logs and problem
/// bodies: it never holds a token, a machine token or the provider's response body.
/// </summary>
internal sealed class ProviderException : Exception
{
    public ProviderException(string reason, bool malformedAnswer, Exception? inner = null)
        : base(reason, inner)
    {
        MalformedAnswer = malformedAnswer;
    }

    /// <summary>
    /// True when the provider answered, but with something that is not to be trusted (bad JSON, missing fields, an
    /// expired token, a JWKS without usable keys): a 502. False when it did not answer usefully at all (down, slow,
    /// refused, an error status): a 503.
    /// </summary>
    public bool MalformedAnswer { get; }

    public ProviderFailure ToFailure() => new(Message, MalformedAnswer);
}

/// <summary>Why a request that needed a provider's answer could not get one; becomes a 502 or 503 problem.</summary>
internal sealed record ProviderFailure(string Reason, bool MalformedAnswer)
{
    public int Status => MalformedAnswer ? 502 : 503;
}
