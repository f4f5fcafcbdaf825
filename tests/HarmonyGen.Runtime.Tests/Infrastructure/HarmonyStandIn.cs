using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using HarmonyGen.Definitions;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// A Harmony 0.12 mesh member played by <c>tests/harmony-standin/harmony_member.py</c>, a child process on a free
/// loopback port: it mints local mesh tokens exactly as Harmony's <c>mesh_auth.rs</c> does and validates them as
/// Harmony configures jsonwebtoken 9.3, with an independent JWT library (PyJWT, Debian's python3-jwt). Its answers:
/// 200 with a JSON description of what it received, or 401 as Harmony refuses a token.
/// </summary>
internal sealed class HarmonyStandIn : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private HarmonyStandIn(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Origin => $"http://127.0.0.1:{Port}";

    public string Url(string rest) => Origin + rest;

    /// <summary>
    /// Starts a member of <paramref name="mesh"/> that holds <paramref name="keys"/>: the HS256 secret (passed in its
    /// environment, never on its command line), or the RS256 public key (to verify) and private key (to mint).
    /// </summary>
    public static async Task<HarmonyStandIn> StartAsync(string mesh, MeshKeys keys, string? meshId = null)
    {
        var start = new ProcessStartInfo(Python())
        {
            RedirectStandardInput = true, // closed when the test process ends: the stand-in stops with it
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script());
        start.ArgumentList.Add("--mesh");
        start.ArgumentList.Add(mesh);
        if (meshId is not null)
        {
            start.ArgumentList.Add("--mesh-id");
            start.ArgumentList.Add(meshId);
        }

        start.ArgumentList.Add("--alg");
        start.ArgumentList.Add(keys.Algorithm.ToString());
        if (keys.Algorithm == MeshAlgorithm.HS256)
        {
            start.Environment["HARMONY_STANDIN_SECRET"] = keys.Secret;
            start.ArgumentList.Add("--secret-env");
            start.ArgumentList.Add("HARMONY_STANDIN_SECRET");
        }
        else
        {
            start.ArgumentList.Add("--public-key");
            start.ArgumentList.Add(keys.PublicKeyPath!);
            start.ArgumentList.Add("--private-key");
            start.ArgumentList.Add(keys.PrivateKeyPath!);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        Task<string?> first = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false) != first || first.Result is not { } line || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            string errors = process.HasExited ? await process.StandardError.ReadToEndAsync().ConfigureAwait(false) : "(no answer in 60 s)";
            process.Kill();
            throw new InvalidOperationException($"The Harmony stand-in did not start (python3-jwt and python3-cryptography installed? ./test.sh installs them): {errors}");
        }

        var standIn = new HarmonyStandIn(process, int.Parse(line["LISTENING ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        process.ErrorDataReceived += (_, e) =>
        {
            lock (standIn._errors)
            {
                standIn._errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return standIn;
    }

    /// <summary>What the stand-in wrote to standard error (a Python traceback would show here).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>A token minted exactly as Harmony's <c>generate_local_jwt</c> mints one.</summary>
    public async Task<string> MintAsync(HttpClient client)
    {
        using HttpResponseMessage response = await client.GetAsync(Url("/mint")).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The Harmony stand-in could not mint: {(int)response.StatusCode} {text} {Errors}");
        }

        return text;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    /// <summary>Debian's interpreter, which python3-jwt installs into; else whatever python3 is on the PATH.</summary>
    private static string Python() => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>The script in the repository: tests/harmony-standin/harmony_member.py, found upwards from the test binaries.</summary>
    private static string Script()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "harmony-standin", "harmony_member.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/harmony-standin/harmony_member.py was not found above " + AppContext.BaseDirectory);
    }
}
