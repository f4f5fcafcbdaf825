using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Hosting;

namespace HarmonyGen.MultiHost.Gateway.Soak;

/// <summary>
/// The soak: N clients loop over a mix of mesh traffic for the whole duration, counting every answer that is not the
/// one its kind must get (a wrong status, a 200 with the wrong bytes behind it, a client error or timeout), while the
/// gateways' VmRSS, open fds and threads are sampled from /proc every interval. Writes DIR/samples.csv and
/// DIR/results.csv; exits 0 only when nothing was unexpected and every gateway lived through it.
/// </summary>
internal static class SoakDriver
{
    private static readonly byte[] s_postBody = Encoding.ASCII.GetBytes(new string('x', 4096));

    public static async Task<int> RunAsync(string[] args)
    {
        if (SoakOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine("usage: harmonygen-multihost soak " + SoakOptions.Usage);
            return 2;
        }

        Directory.CreateDirectory(options.OutDirectory);
        RequestKind[] kinds = Kinds();
        var tallies = kinds.ToDictionary(k => k.Name, _ => new Tally(), StringComparer.Ordinal);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(options.Duration);

        Task[] clients = Enumerable.Range(0, options.Clients).Select(c => Task.Run(async () =>
        {
            for (int i = c; !stop.IsCancellationRequested; i++)
            {
                RequestKind kind = kinds[i % kinds.Length];
                tallies[kind.Name].Add(await SendAsync(client, kind));
            }
        })).ToArray();

        bool allAlive = await SampleAsync(options, tallies, clock, stop.Token);
        await Task.WhenAll(clients);

        using (var results = new StreamWriter(Path.Combine(options.OutDirectory, "results.csv")))
        {
            results.WriteLine("kind,expected_status,requests,expected,unexpected,unexpected_detail");
            Console.WriteLine($"{"kind",-16} {"expected",8} {"requests",9} {"unexpected",10}  detail");
            foreach (RequestKind kind in kinds)
            {
                Tally t = tallies[kind.Name];
                string detail = t.UnexpectedDetail();
                results.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind.Name},{kind.ExpectedStatus},{t.Requests},{t.Requests - t.Unexpected},{t.Unexpected},{detail}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind.Name,-16} {kind.ExpectedStatus,8} {t.Requests,9} {t.Unexpected,10}  {detail}"));
            }
        }

        bool ok = allAlive && tallies.Values.All(t => t.Requests > 0 && t.Unexpected == 0);
        Console.WriteLine(ok ? "soak: PASS" : "soak: FAIL" + (allAlive ? "" : " (a gateway process exited)"));
        return ok ? 0 : 1;
    }

    /// <summary>Samples every process at 0 s, every interval and at the end; false when one had exited.</summary>
    private static async Task<bool> SampleAsync(SoakOptions options, Dictionary<string, Tally> tallies, Stopwatch clock, CancellationToken stop)
    {
        bool allAlive = true;
        using var samples = new StreamWriter(Path.Combine(options.OutDirectory, "samples.csv")) { AutoFlush = true };
        samples.WriteLine("elapsed_s,process,pid,rss_kib,fds,threads,requests");
        using var timer = new PeriodicTimer(options.Interval);
        while (true)
        {
            long requests = tallies.Values.Sum(t => t.Requests);
            foreach ((string name, int pid) in options.Processes)
            {
                ProcessSample? sample = ProcessSample.Read(pid);
                allAlive &= sample is not null;
                samples.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{clock.Elapsed.TotalSeconds:F0},{name},{pid},{sample?.RssKib ?? -1},{sample?.Fds ?? -1},{sample?.Threads ?? -1},{requests}"));
            }

            if (stop.IsCancellationRequested)
            {
                return allAlive;
            }

            try
            {
                await timer.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                // The last sample is taken at the end of the run (below, on the next loop).
            }
        }
    }

    private static async Task<string?> SendAsync(HttpClient client, RequestKind kind)
    {
        try
        {
            using HttpRequestMessage request = kind.Create();
            using HttpResponseMessage response = await client.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            int status = (int)response.StatusCode;
            if (status != kind.ExpectedStatus)
            {
                return status.ToString(CultureInfo.InvariantCulture);
            }

            return kind.BodyMustContain is { } expected && !body.Contains(expected, StringComparison.Ordinal) ? "wrong-body" : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return "client-" + e.GetType().Name;
        }
    }

    private static RequestKind[] Kinds() =>
    [
        // Through the clinic's egress to the hospital's mesh-mode ingress: the backend sees the path, not the token.
        new("mesh_get", 200, () => new HttpRequestMessage(HttpMethod.Get, Hosts.Clinic + "/hospital/patient/42?_format=json"),
            "GET /backend/patient/42 bytes=0 authorization=no"),
        new("mesh_post", 200, () => new HttpRequestMessage(HttpMethod.Post, Hosts.Clinic + "/hospital/upload") { Content = new ByteArrayContent(s_postBody) },
            $"POST /backend/upload bytes={s_postBody.Length} authorization=no"),
        new("missing_token", 403, () => new HttpRequestMessage(HttpMethod.Get, Hosts.Hospital + "/records/patient/42"), null),
        new("tampered_token", 403, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Hosts.Hospital + "/records/patient/42");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + TamperedToken());
            return request;
        }, null),
        new("unknown_path", 404, () => new HttpRequestMessage(HttpMethod.Get, Hosts.Clinic + "/nowhere/patient/42"), null),
    ];

    /// <summary>A fresh token the clinic could have sent, with its subject changed after signing.</summary>
    private static string TamperedToken()
    {
        string[] parts = MeshTokens.Issue(Gateways.Clinic.Definition, Hosts.Mesh, Hosts.Hospital).Split('.');
        string payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"sub\":\"clinic\"", "\"sub\":\"clinix\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
    }

    private sealed class Tally
    {
        private readonly Dictionary<string, long> _unexpected = new(StringComparer.Ordinal);
        private long _requests;

        public long Requests => Interlocked.Read(ref _requests);

        public long Unexpected
        {
            get
            {
                lock (_unexpected)
                {
                    return _unexpected.Values.Sum();
                }
            }
        }

        public void Add(string? unexpected)
        {
            Interlocked.Increment(ref _requests);
            if (unexpected is not null)
            {
                lock (_unexpected)
                {
                    _unexpected[unexpected] = _unexpected.GetValueOrDefault(unexpected) + 1;
                }
            }
        }

        /// <summary>"502=3 client-TaskCanceledException=1", or "-" when every answer was as expected.</summary>
        public string UnexpectedDetail()
        {
            lock (_unexpected)
            {
                return _unexpected.Count == 0 ? "-" : string.Join(' ', _unexpected.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            }
        }
    }
}
