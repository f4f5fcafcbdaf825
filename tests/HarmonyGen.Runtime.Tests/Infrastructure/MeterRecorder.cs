using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>One measurement as a listener received it: the instrument, the value and the tags.</summary>
internal sealed record RecordedMeasurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out object? value) ? value?.ToString() : null;
}

/// <summary>
/// Collects the measurements of one <see cref="Meter"/> instance (a gateway's, from its host's IMeterFactory), so
/// the other gateways that tests run in the same process at the same time never show up.
/// </summary>
internal sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<RecordedMeasurement> _measurements = new();

    public MeterRecorder(Meter meter)
        : this(m => ReferenceEquals(m, meter))
    {
    }

    /// <param name="meters">Which meters to record: for ASP.NET Core's, those whose <see cref="Meter.Scope"/> is one application's IMeterFactory.</param>
    public MeterRecorder(Func<Meter, bool> meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meters(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<RecordedMeasurement> Of(string instrument)
    {
        lock (_measurements)
        {
            return _measurements.Where(m => m.Instrument == instrument).ToArray();
        }
    }

    /// <summary>The sum of a counter's measurements whose tags include every given one.</summary>
    public double Sum(string instrument, params (string Name, string Value)[] tags) =>
        Of(instrument).Where(m => tags.All(t => m.Tag(t.Name) == t.Value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add(new RecordedMeasurement(instrument.Name, instrument.Unit, value, copy));
        }
    }
}
