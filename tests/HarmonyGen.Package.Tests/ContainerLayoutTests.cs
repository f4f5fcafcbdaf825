using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HarmonyGen.Build.Tests.Infrastructure;
using HarmonyGen.Package.Tests.Infrastructure;
using HarmonyGen.Runtime.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.Package.Tests;

/// <summary>
/// The image a new project's Dockerfile describes, without a Docker engine: its build stage run on this machine, its
/// final stage's copy assembled into a folder (ContainerLayout), and the ENTRYPOINT started there with the environment
/// the Kubernetes Deployment gives a pod. What is checked is the app layer and the binary's behaviour in it; the base
/// images themselves (their tags, libc, OpenSSL, the UID) are not.
/// </summary>
[Collection(PackedFeedCollection.Name)]
[SupportedOSPlatform("linux")] // the image's platform: /bin/sh RUN lines, Unix file modes, SIGTERM
public sealed class ContainerLayoutTests(PackedFeed feed, ITestOutputHelper output)
{
    private const string Name = "Acme.Image-Gateway";
    private const string MeshSecretVariable = "HARMONY_MESH_SECRET";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_image_layout_holds_only_the_binary_which_serves_traffic_and_the_Deployment_probes_with_the_pod_environment_and_exits_0_on_SIGTERM()
    {
        using var traffic = new PortReservation();
        using var management = new PortReservation();
        GatewayProject project = GatewayProject.Create(feed, Name, "--port", traffic.Port.ToString(), "--management-port", management.Port.ToString());

        // The template binds 0.0.0.0, as a container must; the tests serve on loopback only, so this copy binds 127.0.0.1.
        Assert.Equal(2, Regex.Matches(project.ReadFile("config.toml"), "bind_address = \"0.0.0.0\"").Count);
        project.WriteFile("config.toml", project.ReadFile("config.toml").Replace("bind_address = \"0.0.0.0\"", "bind_address = \"127.0.0.1\"", StringComparison.Ordinal));

        // The mesh switched on as mesh/mesh.toml's steps say (the secret in the environment, then enabled = true), so
        // start-up needs the secret the Deployment takes from the Secret.
        project.Replace("mesh/mesh.toml", "\nenabled = false\n", "\nenabled = true\n");

        ContainerLayout layout = ContainerLayout.Assemble(Dockerfile.Parse(project.ReadFile("Dockerfile")), new BuildContext(project.Directory), feed.NewFolder("image"));
        AssertShipsOnlyTheBinary(layout);

        V1Container container = Assert.Single(KubernetesYaml.Deserialize<V1Deployment>(project.ReadFile("deploy/kubernetes/deployment.yaml"), strict: true).Spec.Template.Spec.Containers);
        V1Secret secret = KubernetesYaml.Deserialize<V1Secret>(project.ReadFile("deploy/kubernetes/secret.yaml"), strict: true);
        Assert.Equal(new[] { traffic.Port, management.Port }, layout.ExposedPorts);
        Assert.Equal(layout.ExposedPorts, container.Ports.Select(p => p.ContainerPort));
        List<(string Path, int Port)> probes = new[] { container.LivenessProbe, container.ReadinessProbe, container.StartupProbe }
            .Where(p => p is not null)
            .Select(p => (p.HttpGet.Path, ContainerPort(container, p.HttpGet.Port)))
            .Distinct()
            .ToList();
        Assert.NotEmpty(probes);

        // The pod's environment: what the Deployment sets, with the Secret's key holding a real random value (as
        // `kubectl create secret ... "$(openssl rand -base64 48)"` makes it), never the placeholder.
        string secretValue = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        Dictionary<string, string> pod = PodEnvironment(container, secret, secretValue);
        Assert.Contains(MeshSecretVariable, pod.Keys);

        traffic.Release();
        management.Release();

        // Without the secret, start-up stops and names the variable (a pod in CrashLoopBackOff says why).
        using (RunningSample unconfigured = Start(layout, pod.Where(p => p.Key != MeshSecretVariable)))
        {
            int exitCode = await unconfigured.ExitCodeAsync(Patience);
            Assert.True(exitCode != 0 && unconfigured.Output.Contains(MeshSecretVariable, StringComparison.Ordinal), $"Without {MeshSecretVariable} the gateway exited with {exitCode}:\n{unconfigured.Output}");
        }

        using RunningSample gateway = Start(layout, pod);
        (int status, string body) = await gateway.FirstAnswerAsync($"http://127.0.0.1:{traffic.Port}/hello/patients?id=7", Patience);
        Assert.True(status == 200, $"GET /hello/patients answered {status}: {body}\n{gateway.Output}");
        using (JsonDocument echo = JsonDocument.Parse(body))
        {
            Assert.Equal("/patients", echo.RootElement.GetProperty("path").GetString());
        }

        // What the kubelet calls: each probe's path on the port it names (resolved by name to the container port).
        foreach ((string path, int port) in probes)
        {
            (int probeStatus, string probeBody) = await gateway.FirstAnswerAsync($"http://127.0.0.1:{port}{path}", Patience);
            Assert.True(probeStatus == 200, $"Probe GET {path} on port {port} answered {probeStatus}: {probeBody}\n{gateway.Output}");
        }

        // A pod's deletion: SIGTERM, then the drain, then exit 0 (Kubernetes counts anything else as a failure).
        gateway.Terminate();
        int exit = await gateway.ExitCodeAsync(Patience);
        Assert.True(exit == 0, $"After SIGTERM the gateway exited with {exit}:\n{gateway.Output}");
        Assert.DoesNotContain(secretValue, gateway.Output, StringComparison.Ordinal);
        output.WriteLine(gateway.Output);
    }

    /// <summary>The app layer: the ENTRYPOINT binary and nothing an image should not ship, readable and runnable by the image's non-root user.</summary>
    private void AssertShipsOnlyTheBinary(ContainerLayout layout)
    {
        List<FileInfo> files = Directory.EnumerateFiles(layout.ImageRoot, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).OrderBy(f => f.FullName, StringComparer.Ordinal).ToList();
        long bytes = files.Sum(f => f.Length);
        output.WriteLine($"Image app layer ({layout.ImageRoot}): {files.Count} files, {bytes} bytes ({bytes / (1024.0 * 1024.0):F1} MiB)");
        files.ForEach(f => output.WriteLine($"  {Path.GetRelativePath(layout.ImageRoot, f.FullName)}  {f.Length} bytes"));

        // The ENTRYPOINT names a file the publish made (for this hyphenated name too), and it is the only file: no
        // .dbg or .pdb, no managed .dll, no sources, no nuget.config, no TOML (the TOML is compiled into the binary).
        string binary = layout.Entrypoint[0];
        Assert.True(File.Exists(binary), $"The ENTRYPOINT {binary} is not in the layout:\n{string.Join('\n', files.Select(f => f.FullName))}");
        Assert.StartsWith(layout.WorkingDirectory + Path.DirectorySeparatorChar, binary, StringComparison.Ordinal);
        List<string> unwanted = files.Select(f => f.FullName).Where(f => f != binary).ToList();
        Assert.True(unwanted.Count == 0, $"The image would ship more than the binary: {string.Join(", ", unwanted)}");

        // COPY makes the files root's; the image runs as USER $APP_UID (1654), so "other" must be able to read and run them.
        Assert.Equal("$APP_UID", layout.User);
        Assert.True((File.GetUnixFileMode(binary) & (UnixFileMode.OtherRead | UnixFileMode.OtherExecute)) == (UnixFileMode.OtherRead | UnixFileMode.OtherExecute), $"{binary} is {File.GetUnixFileMode(binary)}: the non-root user cannot run it.");
        Assert.All(files, f => Assert.True((File.GetUnixFileMode(f.FullName) & UnixFileMode.OtherRead) != 0, $"{f.FullName} is not readable by the non-root user."));
    }

    /// <summary>
    /// The ENTRYPOINT in the final stage's WORKDIR with only the environment a container has: the base image's
    /// (PATH, APP_UID, DOTNET_RUNNING_IN_CONTAINER; its ASPNETCORE_HTTP_PORTS=8080 is left out because the gateway's
    /// listeners come from the TOML and a test must never bind 8080) and the pod's.
    /// </summary>
    private static RunningSample Start(ContainerLayout layout, IEnumerable<KeyValuePair<string, string>> pod)
    {
        ProcessStartInfo start = DotnetProcess.ProgramStartInfo(layout.Entrypoint[0], layout.WorkingDirectory, layout.Entrypoint.Skip(1).ToArray());
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["APP_UID"] = "1654";
        start.Environment["DOTNET_RUNNING_IN_CONTAINER"] = "true";
        foreach ((string name, string value) in pod)
        {
            start.Environment[name] = value;
        }

        return RunningSample.Start(start);
    }

    /// <summary>The container's env: literal values as written, a Secret's key as <paramref name="secretValue"/> after checking the Secret has it.</summary>
    private static Dictionary<string, string> PodEnvironment(V1Container container, V1Secret secret, string secretValue)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (V1EnvVar variable in container.Env ?? new List<V1EnvVar>())
        {
            if (variable.ValueFrom?.SecretKeyRef is { } reference)
            {
                Assert.True(reference.Name == secret.Metadata.Name && secret.StringData.ContainsKey(reference.Key), $"env {variable.Name} reads {reference.Name}/{reference.Key}, which secret.yaml does not define.");
                environment[variable.Name] = secretValue;
            }
            else
            {
                Assert.True(variable.ValueFrom is null, $"env {variable.Name}: only literal values and Secret keys are modelled by this test.");
                environment[variable.Name] = variable.Value ?? string.Empty;
            }
        }

        return environment;
    }

    /// <summary>A probe's port, by number or by the container port's name.</summary>
    private static int ContainerPort(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, out int number) ? number : container.Ports.Single(p => p.Name == port.Value).ContainerPort;
}
