using System;
using System.Collections.Generic;
using System.Globalization;

namespace HarmonyGen.MultiHost.Gateway.Soak;

/// <summary>The soak driver's command line.</summary>
internal sealed record SoakOptions(TimeSpan Duration, TimeSpan Interval, int Clients, string OutDirectory, IReadOnlyList<(string Name, int Pid)> Processes)
{
    public const string Usage = "--duration SEC --out DIR [--interval SEC] [--clients N] --pid NAME=PID...";

    public static SoakOptions? Parse(string[] args)
    {
        int duration = 600, interval = 10, clients = 8;
        string? outDirectory = null;
        var processes = new List<(string, int)>();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            string value = args[i + 1];
            bool ok = args[i] switch
            {
                "--duration" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out duration) && duration > 0,
                "--interval" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out interval) && interval > 0,
                "--clients" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out clients) && clients > 0,
                "--out" => (outDirectory = value) is not null,
                "--pid" => TryAddProcess(value, processes),
                _ => false,
            };
            if (!ok)
            {
                return null;
            }
        }

        return outDirectory is null || processes.Count == 0
            ? null
            : new SoakOptions(TimeSpan.FromSeconds(duration), TimeSpan.FromSeconds(interval), clients, outDirectory, processes);
    }

    private static bool TryAddProcess(string value, List<(string, int)> processes)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !int.TryParse(value.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return false;
        }

        processes.Add((value[..equals], pid));
        return true;
    }
}
