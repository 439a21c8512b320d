using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Workloads;

/// <summary>One test's namespace with kubectl, the pod driver and JSON reads of workload objects.</summary>
public sealed class WorkloadTestContext : IAsyncDisposable
{
    private WorkloadTestContext(SandboxFixture sandbox, string ns, Func<JsonObject, PodFate>? decide)
    {
        Sandbox = sandbox;
        Namespace = ns;
        Kubectl = new Kubectl(sandbox.Server, ns);
        Driver = new PodDriver(sandbox.BaseAddress, ns, decide);
    }

    public SandboxFixture Sandbox { get; }

    public string Namespace { get; }

    public Kubectl Kubectl { get; }

    public PodDriver Driver { get; }

    public static async Task<WorkloadTestContext> CreateAsync(SandboxFixture sandbox, Func<JsonObject, PodFate>? decide = null) =>
        new(sandbox, await sandbox.NamespaceAsync("w"), decide);

    public async Task<JsonObject?> GetAsync(string path)
    {
        var (code, body, _) = await Sandbox.GetAsync(path);
        return code == 200 ? body : null;
    }

    public async Task<JsonObject> DeploymentAsync(string name) =>
        await GetAsync($"/apis/apps/v1/namespaces/{Namespace}/deployments/{name}") ?? throw new InvalidOperationException($"deployment {name} not found");

    public async Task<List<JsonObject>> ListAsync(string resource)
    {
        var prefix = resource switch
        {
            "pods" => $"/api/v1/namespaces/{Namespace}/pods",
            "replicasets" => $"/apis/apps/v1/namespaces/{Namespace}/replicasets",
            "deployments" => $"/apis/apps/v1/namespaces/{Namespace}/deployments",
            "jobs" => $"/apis/batch/v1/namespaces/{Namespace}/jobs",
            _ => throw new ArgumentOutOfRangeException(nameof(resource)),
        };
        var list = await GetAsync(prefix) ?? throw new InvalidOperationException($"list {resource} failed");
        return [.. ((JsonArray)list["items"]!).OfType<JsonObject>()];
    }

    public static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;

    public static long? Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    /// <summary>Waits until the Deployment reports its rollout complete with every replica available (rollout_status.go).</summary>
    public async Task WaitRolledOutAsync(string name, long replicas, TimeSpan? timeout = null)
    {
        JsonObject? last = null;
        try
        {
            await Until(async () =>
        {
            last = await DeploymentAsync(name);
            var status = last["status"];
            return Long(status?["observedGeneration"]) >= Long(last["metadata"]!["generation"])
                && Long(status?["updatedReplicas"]) == replicas && Long(status?["replicas"]) == replicas && Long(status?["availableReplicas"]) == replicas
                && Long(status?["readyReplicas"]) == replicas;
        }, timeout ?? TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"deployment {name} did not roll out with {replicas} replicas; last status: {last?["status"]?.ToJsonString()}");
        }
    }

    /// <summary>The shared deadline wait; it throws <see cref="TimeoutException"/>, so the caller can report what it last saw.</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan timeout) => Eventually.True(condition, timeout);

    public async ValueTask DisposeAsync()
    {
        await Driver.DisposeAsync();
        Kubectl.Dispose();
    }
}
