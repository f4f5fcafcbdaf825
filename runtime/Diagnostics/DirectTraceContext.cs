using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Threading;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HarmonyGen.Diagnostics;

/// <summary>
/// W3C trace context for the backend request, written by the gateway itself while nothing records spans.
/// <para>
/// Recorded or not, trace context used to cost two <see cref="Activity"/> objects per request: ASP.NET Core's server
/// span (made because hosting logs are on) and the client span SocketsHttpHandler makes because one is current, ≈ 4 %
/// of the gateway's CPU (docs/benchmarks.md). Neither is seen by anyone when no listener samples them; what the
/// backend receives from them is one header. So when there is no current span and nothing would make one on the
/// client side, the gateway writes what <c>ReverseProxyPropagator</c> over the W3C propagator would have written:
/// the caller's trace with a new parent id and the caller's flags, tracestate and baggage; or, without a valid caller
/// context, a fresh unsampled trace. <see cref="HarmonyGen.Hosting.HostingTraceFilter"/> is what lets hosting skip its span.
/// </para>
/// </summary>
internal static class DirectTraceContext
{
    private const string TraceParent = "traceparent";
    private const string TraceState = "tracestate";
    private const string Baggage = "baggage";
    private const string CorrelationContext = "Correlation-Context";

    // Sources and listeners are matched by name: a listener that subscribes to SocketsHttpHandler's source or
    // diagnostic listener subscribes to these too, so they tell, for the cost of a field read, whether the client
    // side would make a span of its own (which, with no parent, would start a trace unrelated to the caller's).
    private static readonly ActivitySource s_clientSource = new("System.Net.Http");
    private static readonly DiagnosticListener s_clientDiagnostics = new("HttpHandlerDiagnosticListener");
    private static readonly Type s_w3c = DistributedContextPropagator.CreateW3CPropagator().GetType();

    // The W3C propagator's fields, as an array: a foreach over its IReadOnlyCollection would allocate an enumerator per request.
    private static readonly string[] s_fields = [.. DistributedContextPropagator.CreateW3CPropagator().Fields];

    private static long s_written;

    /// <summary>True while a span on the client side would be listened to; hosting then keeps its server span as the parent.</summary>
    public static bool ClientSideListened => s_clientSource.HasListeners() || s_clientDiagnostics.IsEnabled();

    /// <summary>Backend requests whose trace context the gateway wrote itself (for tests).</summary>
    public static long Written => Interlocked.Read(ref s_written);

    /// <summary>
    /// Writes the backend request's trace context when no span is current and none would be made for the call;
    /// otherwise leaves it to SocketsHttpHandler's propagator, as before.
    /// </summary>
    public static void Apply(IHeaderDictionary incoming, HttpRequestHeaders outgoing)
    {
        if (Activity.Current is not null || ClientSideListened || DistributedContextPropagator.Current.GetType() != s_w3c)
        {
            return;
        }

        // YARP copied the caller's headers; what the propagator owns is replaced, never passed through as sent.
        foreach (string field in s_fields)
        {
            outgoing.Remove(field);
        }

        if (HasBaggage(incoming))
        {
            AsSpansWould(incoming, outgoing);
        }
        else
        {
            // The propagator's own reading of the caller's headers, as hosting's: it validates traceparent and
            // drops the tracestate entries it would not pass on.
            DistributedContextPropagator.Current.ExtractTraceIdAndState(incoming, s_getter, out string? parent, out string? state);
            if (string.IsNullOrEmpty(parent))
            {
                outgoing.TryAddWithoutValidation(TraceParent, Fresh());
            }
            else if (IsContinuable(parent))
            {
                outgoing.TryAddWithoutValidation(TraceParent, Continue(parent));
                if (!string.IsNullOrEmpty(state))
                {
                    outgoing.TryAddWithoutValidation(TraceState, state);
                }
            }
            else
            {
                AsSpansWould(incoming, outgoing);
            }
        }

        Interlocked.Increment(ref s_written);
    }

    private static bool HasBaggage(IHeaderDictionary incoming) =>
        incoming.ContainsKey(Baggage) || incoming.ContainsKey(CorrelationContext);

    /// <summary>
    /// The rare shapes (baggage, a traceparent of another version or length, several traceparent headers, one that
    /// is not trace context at all) go the way the two spans would have taken them, with the same two spans, so that
    /// the backend receives exactly what it did: hosting's extraction into a server span, a client span below it,
    /// the propagator's injection from that.
    /// </summary>
    private static void AsSpansWould(IHeaderDictionary incoming, HttpRequestHeaders outgoing)
    {
        DistributedContextPropagator propagator = DistributedContextPropagator.Current;
        propagator.ExtractTraceIdAndState(incoming, s_getter, out string? parentId, out string? state);
        using var server = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn");
        if (!string.IsNullOrEmpty(parentId))
        {
            server.SetParentId(parentId);
            if (!string.IsNullOrEmpty(state))
            {
                server.TraceStateString = state;
            }
        }

        if (propagator.ExtractBaggage(incoming, s_getter) is { } baggage)
        {
            foreach (KeyValuePair<string, string?> item in baggage)
            {
                server.AddBaggage(item.Key, item.Value);
            }
        }

        Activity? previous = Activity.Current;
        server.Start();
        using (Activity client = new Activity("System.Net.Http.HttpRequestOut").Start())
        {
            propagator.Inject(client, outgoing, static (carrier, name, value) => ((HttpRequestHeaders)carrier!).TryAddWithoutValidation(name, value));
        }

        server.Stop();
        Activity.Current = previous;
    }

    private static readonly DistributedContextPropagator.PropagatorGetterCallback s_getter =
        static (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
        {
            values = null;
            value = ((IHeaderDictionary)carrier!)[name];
        };

    /// <summary>
    /// A traceparent the gateway continues itself: the propagator accepted it, and it has the one shape an Activity
    /// takes as it is, <c>00-{32 hex}-{16 hex}-{2 hex}</c> (another version, or more fields after the flags, is left to
    /// the spans, which read it in ways of their own).
    /// </summary>
    private static bool IsContinuable(string value)
    {
        ReadOnlySpan<char> text = value;
        return text.Length == 55 && text.StartsWith("00-") && text[35] == '-' && text[52] == '-'
            && IsHex(text.Slice(3, 32)) && IsHex(text.Slice(36, 16)) && IsHex(text.Slice(53, 2))
            && text.Slice(3, 32).ContainsAnyExcept('0') && text.Slice(36, 16).ContainsAnyExcept('0');
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The caller's trace and flags, the gateway as the new parent (version 00, as an Activity writes it).</summary>
    private static string Continue(string parent) => string.Create(55, parent, static (span, parent) =>
    {
        "00-".CopyTo(span);
        parent.AsSpan(3, 33).CopyTo(span[3..]); // trace id and its dash
        WriteSpanId(span.Slice(36, 16));
        span[52] = '-';
        parent.AsSpan(53, 2).CopyTo(span[53..]);
    });

    /// <summary>A new trace, not sampled: the backend's own tracer decides for itself.</summary>
    private static string Fresh() => string.Create(55, 0, static (span, _) =>
    {
        "00-".CopyTo(span);
        Span<byte> id = stackalloc byte[16];
        do
        {
            Random.Shared.NextBytes(id);
        }
        while (!id.ContainsAnyExcept((byte)0));

        Convert.TryToHexStringLower(id, span.Slice(3, 32), out _);
        span[35] = '-';
        WriteSpanId(span.Slice(36, 16));
        "-00".CopyTo(span[52..]);
    });

    private static void WriteSpanId(Span<char> destination)
    {
        Span<byte> id = stackalloc byte[8];
        do
        {
            Random.Shared.NextBytes(id);
        }
        while (!id.ContainsAnyExcept((byte)0));

        Convert.TryToHexStringLower(id, destination, out _);
    }
}
