using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Xunit;

namespace HarmonyGen.Deployment.Tests;

/// <summary>
/// templates/harmony-gateway/deploy/kubernetes/*.yaml read as the Kubernetes API server would: strictly, into the API
/// types KubernetesClient 21.0.8 generates from the Kubernetes OpenAPI (an unknown field, a wrong type, an unknown
/// apiVersion or kind is an error), and then checked against each other, the Dockerfile and the template's
/// config.toml: selectors, probe paths and ports, the Secret's key and the mesh's environment variable.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    // The template's management network, as pkg's templates/harmony-gateway/config.toml binds it and its README says.
    private const string ManagementBasePath = "/admin";
    private const int ManagementPort = 9090;
    private const int TrafficPort = 8080;
    private const string MeshSecretVariable = "HARMONY_MESH_SECRET";

    // ASP.NET Core's default shutdown timeout, which the gateway's drain uses unless [proxy] drain_timeout_secs says more.
    private const int DefaultDrainSeconds = 30;

    private static readonly Dictionary<string, Type> s_kinds = new(StringComparer.Ordinal)
    {
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["v1/Service"] = typeof(V1Service),
        ["v1/Secret"] = typeof(V1Secret),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
    };

    [Fact]
    public void Every_manifest_loads_strictly_as_the_kubernetes_type_it_declares()
    {
        Dictionary<string, object> objects = Manifests();
        Assert.Equal(
            new[] { "deployment.yaml", "hpa.yaml", "pdb.yaml", "secret.yaml", "service.yaml" },
            objects.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.IsType<V1Deployment>(objects["deployment.yaml"]);
        Assert.IsType<V1Service>(objects["service.yaml"]);
        Assert.IsType<V1Secret>(objects["secret.yaml"]);
        Assert.IsType<V2HorizontalPodAutoscaler>(objects["hpa.yaml"]);
        Assert.IsType<V1PodDisruptionBudget>(objects["pdb.yaml"]);
    }

    [Theory]
    [InlineData("replicas: 2", "replica: 2")] // a misspelled field
    [InlineData("replicas: 2", "replicas: two")] // a wrong type
    [InlineData("            periodSeconds: 10", "            periodSecond: 10")] // a misspelled field deep inside a probe
    [InlineData("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true")] // a plausible wrong case
    [InlineData("apiVersion: apps/v1", "apiVersion: apps/v2")] // an API version Kubernetes does not have
    public void A_deployment_with_a_misspelled_field_a_wrong_type_or_an_unknown_api_is_rejected(string find, string replacement)
    {
        string text = File.ReadAllText(Path.Combine(KubernetesFolder, "deployment.yaml"));
        Assert.Contains(find, text, StringComparison.Ordinal);
        string broken = text.Replace(find, replacement, StringComparison.Ordinal);
        Exception error = Assert.ThrowsAny<Exception>(() => Load(broken));
        Assert.True(error is YamlDotNet.Core.YamlException or KeyNotFoundException, error.ToString());
    }

    [Fact]
    public void Deployment_runs_two_non_root_replicas_on_a_read_only_root_filesystem()
    {
        V1Deployment deployment = Get<V1Deployment>("deployment.yaml");
        Assert.Equal(2, deployment.Spec.Replicas);
        V1PodSpec pod = deployment.Spec.Template.Spec;
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
        V1Container gateway = Assert.Single(pod.Containers);
        Assert.True(gateway.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(gateway.SecurityContext.AllowPrivilegeEscalation);
        Assert.Contains("ALL", gateway.SecurityContext.Capabilities.Drop);
        Assert.NotNull(gateway.Resources.Requests?["cpu"]); // the HPA's utilisation is relative to it
        Assert.NotNull(gateway.Resources.Limits?["memory"]);
        // The preStop pause runs first (the listeners stay open while the endpoints update), then SIGTERM starts the drain.
        long pause = gateway.Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
        Assert.True(pause > 0, "the pod should keep serving for a moment while it leaves the Service's endpoints");
        Assert.True(pod.TerminationGracePeriodSeconds > pause + DefaultDrainSeconds, "Kubernetes must not kill a replica that is still draining");
    }

    [Fact]
    public void Probes_call_the_management_health_endpoints_on_the_management_port()
    {
        (string basePath, int port) = TemplateManagement();
        V1Container gateway = Get<V1Deployment>("deployment.yaml").Spec.Template.Spec.Containers.Single();
        Assert.Equal(basePath + "/health/live", gateway.LivenessProbe.HttpGet.Path);
        Assert.Equal(basePath + "/health/ready", gateway.ReadinessProbe.HttpGet.Path);
        Assert.Equal(port, ContainerPort(gateway, gateway.LivenessProbe.HttpGet.Port));
        Assert.Equal(port, ContainerPort(gateway, gateway.ReadinessProbe.HttpGet.Port));
        Assert.Equal(port, ContainerPort(gateway, gateway.StartupProbe.HttpGet.Port));
    }

    [Fact]
    public void Selectors_match_the_pod_labels_and_the_autoscaler_targets_the_deployment()
    {
        V1Deployment deployment = Get<V1Deployment>("deployment.yaml");
        IDictionary<string, string> podLabels = deployment.Spec.Template.Metadata.Labels;
        AssertSelects(deployment.Spec.Selector.MatchLabels, podLabels);
        AssertSelects(Get<V1PodDisruptionBudget>("pdb.yaml").Spec.Selector.MatchLabels, podLabels);

        V1Service service = Get<V1Service>("service.yaml");
        AssertSelects(service.Spec.Selector, podLabels);
        V1Container gateway = deployment.Spec.Template.Spec.Containers.Single();
        Assert.Equal(TrafficPort, ContainerPort(gateway, service.Spec.Ports.Single().TargetPort));

        V2HorizontalPodAutoscaler hpa = Get<V2HorizontalPodAutoscaler>("hpa.yaml");
        Assert.Equal(("apps/v1", "Deployment", deployment.Metadata.Name), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal("cpu", hpa.Spec.Metrics.Single().Resource.Name);
        Assert.True(hpa.Spec.MinReplicas >= 2);

        V1PodDisruptionBudget pdb = Get<V1PodDisruptionBudget>("pdb.yaml");
        Assert.True(int.Parse(pdb.Spec.MinAvailable.Value, System.Globalization.CultureInfo.InvariantCulture) < hpa.Spec.MinReplicas, "a PDB as large as the replica count would block every node drain");
    }

    [Fact]
    public void Mesh_secret_comes_from_the_secret_under_the_variable_the_mesh_reads()
    {
        V1Container gateway = Get<V1Deployment>("deployment.yaml").Spec.Template.Spec.Containers.Single();
        V1EnvVar variable = Assert.Single(gateway.Env, e => e.Name == MeshSecretVariable);
        V1Secret secret = Get<V1Secret>("secret.yaml");
        Assert.Equal(secret.Metadata.Name, variable.ValueFrom.SecretKeyRef.Name);
        Assert.Equal(MeshSecretVariable, variable.ValueFrom.SecretKeyRef.Key);
        Assert.Contains(MeshSecretVariable, secret.StringData.Keys);

        // The template's mesh reads that variable, when the template's TOML is in this tree (pkg owns it).
        string mesh = Path.Combine(TemplateFolder, "mesh");
        if (Directory.Exists(mesh))
        {
            Assert.Contains(
                Directory.EnumerateFiles(mesh, "*.toml", SearchOption.AllDirectories).Select(File.ReadAllText),
                toml => toml.Contains("\"${" + MeshSecretVariable + "}\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Dockerfile_runs_the_binary_as_non_root_on_runtime_deps_and_exposes_the_container_ports()
    {
        string dockerfile = File.ReadAllText(Path.Combine(TemplateFolder, "Dockerfile"));
        List<string> stages = FromLine().Matches(dockerfile).Select(m => m.Groups["image"].Value).ToList();
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:10.0", stages[^1], StringComparison.Ordinal);

        string final = dockerfile[dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        Assert.Matches(@"\nUSER \$APP_UID\n", final);
        Assert.Matches("\nENTRYPOINT \\[\"./Company.Gateway1\"\\]\n", final);

        V1Container gateway = Get<V1Deployment>("deployment.yaml").Spec.Template.Spec.Containers.Single();
        Assert.Matches(@"\nEXPOSE 8080 9090\n", final);
        Assert.Equal(new[] { TrafficPort, ManagementPort }, gateway.Ports.Select(p => p.ContainerPort));
        Assert.True(File.Exists(Path.Combine(TemplateFolder, ".dockerignore")));
    }

    private static void AssertSelects(IDictionary<string, string> selector, IDictionary<string, string> labels)
    {
        Assert.NotEmpty(selector);
        foreach ((string key, string value) in selector)
        {
            Assert.True(labels.TryGetValue(key, out string? label) && label == value, $"selector {key}={value} does not match the pod's labels");
        }
    }

    /// <summary>A probe's or Service's port, by number or by the container port's name.</summary>
    private static int ContainerPort(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, out int number) ? number : container.Ports.Single(p => p.Name == port.Value).ContainerPort;

    /// <summary>
    /// The template's management base path and port, read from its config.toml when this tree has it (the pkg helper
    /// owns that file); they must equal the values the manifests are written for.
    /// </summary>
    private static (string BasePath, int Port) TemplateManagement()
    {
        string config = Path.Combine(TemplateFolder, "config.toml");
        if (!File.Exists(config))
        {
            return (ManagementBasePath, ManagementPort);
        }

        string toml = File.ReadAllText(config);
        string management = Table().Match(toml + "\n[").Groups["body"].Value;
        string basePath = Regex.Match(management, "(?m)^base_path\\s*=\\s*\"(?<v>[^\"]*)\"").Groups["v"].Value;
        string network = Regex.Match(management, "(?m)^network\\s*=\\s*\"(?<v>[^\"]*)\"").Groups["v"].Value;
        Match listener = Regex.Match(toml + "\n[", $"(?ms)^\\[network\\.{Regex.Escape(network)}\\.http\\]\\s*(?<body>.*?)^\\[");
        int port = int.Parse(Regex.Match(listener.Groups["body"].Value, "(?m)^bind_port\\s*=\\s*(?<v>\\d+)").Groups["v"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((ManagementBasePath, ManagementPort), (basePath, port));
        return (basePath, port);
    }

    private static T Get<T>(string file) => Assert.IsType<T>(Manifests()[file]);

    private static Dictionary<string, object> Manifests() =>
        Directory.EnumerateFiles(KubernetesFolder, "*.yaml")
            .ToDictionary(Path.GetFileName, f => Assert.Single(Load(File.ReadAllText(f))), StringComparer.Ordinal)!;

    /// <summary>Strict: a field the Kubernetes type does not have, or a value of the wrong type, throws.</summary>
    private static List<object> Load(string yaml) => KubernetesYaml.LoadAllFromString(yaml, s_kinds, strict: true);

    private static string TemplateFolder => Path.Combine(RepositoryRoot(), "templates", "harmony-gateway");

    private static string KubernetesFolder => Path.Combine(TemplateFolder, "deploy", "kubernetes");

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HarmonyGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No HarmonyGen.sln above '{AppContext.BaseDirectory}'.");
    }

    [GeneratedRegex("(?m)^FROM (?<image>\\S+)")]
    private static partial Regex FromLine();

    [GeneratedRegex("(?ms)^\\[management\\]\\s*(?<body>.*?)^\\[")]
    private static partial Regex Table();
}
