using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Kubelet;

/// <summary>Pods, Services and checks the kubelet tests share.</summary>
internal static class Pods
{
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    /// <summary>A bare pod running <c>study-operator app</c> with readiness on /readyz (by number) and liveness on /healthz (by port name), both every second.</summary>
    public static V1Pod App(string name, string app = "web", string drainDelay = "1s", long grace = 30) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = grace,
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "study-operator:dev",
                    Args = ["app", "--port=8080", $"--drain-delay={drainDelay}"],
                    Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }],
                    // Timeouts and thresholds leave room for a loaded 2-core machine, where one probe may take over a second.
                    ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/readyz", Port = 8080 }, PeriodSeconds = 1, TimeoutSeconds = 3, FailureThreshold = 2 },
                    LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = "http" }, PeriodSeconds = 1, TimeoutSeconds = 3, FailureThreshold = 3 },
                },
            ],
        },
    };

    public static V1Service Service(string name, string app = "web") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = app },
            Ports = [new V1ServicePort { Name = "web", Port = 80, TargetPort = "http" }],
        },
    };

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static async Task<V1Pod> WaitAsync(IKubernetes client, string ns, string name, Func<V1Pod, bool> condition, string because, TimeSpan? timeout = null)
    {
        V1Pod? pod = null;
        await Eventually.True(
            async () =>
            {
                pod = await client.CoreV1.ReadNamespacedPodAsync(name, ns);
                return condition(pod);
            },
            timeout ?? Slow,
            $"pod {name}: {because}");
        return pod!;
    }

    public static async Task<List<V1EndpointSlice>> SlicesAsync(IKubernetes client, string ns, string service) =>
        [.. (await client.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, labelSelector: $"kubernetes.io/service-name={service}")).Items];

    public static IEnumerable<V1Endpoint> ReadyEndpoints(IEnumerable<V1EndpointSlice> slices) =>
        slices.SelectMany(s => s.Endpoints ?? []).Where(e => e.Conditions?.Ready == true);

    // Connection: close on every request, so each one opens a new connection (kube-proxy balances per connection).
    private static readonly HttpClient NewConnections = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5), DefaultRequestHeaders = { ConnectionClose = true } };

    /// <summary>One request on a new connection (like a client without keep-alive); the app's answer names the pod.</summary>
    public static async Task<string?> AskAsync(string host, int port)
    {
        try
        {
            using var response = await NewConnections.GetAsync($"http://{host}:{port}/");
            return response.StatusCode == System.Net.HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync())?["pod"]?.GetValue<string>() : null;
        }
        // A listener closing while the connection opens can surface as a bare SocketException (from reading the
        // socket's RemoteEndPoint) instead of an HttpRequestException: no answer either way.
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    /// <summary>Live processes whose environment says they belong to <paramref name="ns"/> (POD_NAMESPACE, set for every container).</summary>
    public static List<int> ProcessesOf(string ns)
    {
        var marker = Encoding.UTF8.GetBytes($"POD_NAMESPACE={ns}\0");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                if (environ.AsSpan().IndexOf(marker) >= 0 && !IsZombie(dir))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        return found;
    }

    private static bool IsZombie(string dir)
    {
        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
    }

    public static async Task<string> ProxyPostAsync(SandboxFixture api, string ns, string pod, string path, JsonNode body)
    {
        var (code, json, _) = await api.PostAsync($"/api/v1/namespaces/{ns}/pods/{pod}:8080/proxy/{path}", body);
        Assert.True(code is 200 or 202, $"POST {path} through the pod proxy answered {code}: {json.ToJsonString()}");
        return json.ToJsonString();
    }

    public static Stopwatch Timer() => Stopwatch.StartNew();
}
