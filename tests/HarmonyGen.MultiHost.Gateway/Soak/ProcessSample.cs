using System;
using System.IO;
using System.Linq;

namespace HarmonyGen.MultiHost.Gateway.Soak;

/// <summary>One reading of a process's resident memory, open file descriptors and threads, from /proc.</summary>
internal sealed record ProcessSample(long RssKib, int Fds, int Threads)
{
    /// <summary>The process's numbers now, or null when it has exited (a soak failure in itself).</summary>
    public static ProcessSample? Read(int pid)
    {
        try
        {
            long rss = 0;
            int threads = 0;
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), provider: System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.AsSpan(8).Trim(), provider: System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return new ProcessSample(rss, Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count(), threads);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
