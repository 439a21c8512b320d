using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Node;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Kubelet;

/// <summary>
/// The kubelet's work for one pod (pod_workers.go): binds it to the node, gives it an IP, runs its containers,
/// keeps <c>status</c> in step with them, and on graceful deletion stops them and removes the object.
/// Status writes are coalesced: container events only signal, one loop writes the latest state.
/// </summary>
internal sealed class PodWorker : IAsyncDisposable
{
    private readonly SandboxKubelet kubelet;
    private readonly Channel<bool> dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource stopping = new();
    private readonly Dictionary<string, (string Status, DateTimeOffset Since)> conditions = new(StringComparer.Ordinal);
    private readonly List<ContainerSlot> slots = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> environments = new(StringComparer.Ordinal);
    private readonly DateTimeOffset startTime;
    private PodDirectory? directory;
    private Task loop = Task.CompletedTask;
    private Task? termination;
    private TimeSpan terminationGrace;
    private int disposed;

    public PodWorker(SandboxKubelet kubelet, JsonObject pod, IPAddress ip)
    {
        this.kubelet = kubelet;
        Namespace = pod.Ns();
        Name = pod.Name();
        Uid = pod.Uid()!;
        Ip = ip;
        startTime = kubelet.Time.GetUtcNow();
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public IPAddress Ip { get; }

    /// <summary>Completes when graceful termination has removed the pod (or was not needed).</summary>
    public Task Termination => termination ?? Task.CompletedTask;

    public void Start(JsonObject pod)
    {
        if (string.IsNullOrEmpty(pod.Str("spec", "nodeName")))
        {
            Write(o => ((JsonObject)o["spec"]!)["nodeName"] = NodeControllers.NodeName, "");
            Mark("PodScheduled", "True");
            kubelet.Events.Record(Namespace, Name, Uid, null, "Normal", "Scheduled", $"Successfully assigned {Namespace}/{Name} to {NodeControllers.NodeName}", "default-scheduler");
        }
        else
        {
            Mark("PodScheduled", "True");
        }

        var identity = new PodIdentity(Namespace, Name, Uid, Ip);
        var grace = TimeSpan.FromSeconds(pod.At("spec", "terminationGracePeriodSeconds").Long() ?? 30);
        var restartPolicy = ContainerSpecs.RestartPolicyOf(pod);
        var services = kubelet.ServicesIn(Namespace);
        foreach (var container in (pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = container.Str("name") ?? "";
            var image = container.Str("image") ?? "";
            if (kubelet.Images.Entrypoint(image) is not { } entrypoint)
            {
                slots.Add(ContainerSlot.Virtual(name, image, kubelet.Time, Signal, Recorder(name)));
                continue;
            }

            directory ??= PodDirectory.Create(identity);
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            if (pod.At("spec", "automountServiceAccountToken") is not JsonValue automount || !automount.TryGetValue<bool>(out var mount) || mount)
            {
                // A real pod reaches the API server through the kubernetes Service and a mounted service account token;
                // processes here share the host filesystem, so they get the sandbox's own kubeconfig instead.
                var path = Path.Combine(directory.Path, "kubeconfig");
                File.WriteAllText(path, kubelet.KubeconfigFor(Namespace));
                env["KUBECONFIG"] = path;
            }

            foreach (var (key, value) in ContainerEnvironment.Build(pod, container, Ip.ToString(), NodeControllers.HostIp, services, kubelet.ConfigMap, kubelet.Secret))
            {
                env[key] = value;
            }

            env["POD_IP"] = env.GetValueOrDefault("POD_IP", Ip.ToString());
            var argv = ContainerSpecs.CommandLine(image, container, entrypoint, env);
            environments[name] = env;
            var spec = new ContainerProcessSpec(name, argv[0], argv[1..], env, NonEmpty(container.Str("workingDir")), ContainerSpecs.MessagePolicyOf(container));
            var target = new ProbeTarget(Ip, ContainerSpecs.NamedPorts(container));
            Log.RunningProcess(kubelet.Logger, Namespace, Name, name, argv);
            slots.Add(ContainerSlot.Process(spec, image, restartPolicy, identity, directory, ContainerSpecs.Probes(container), target, kubelet.Prober, kubelet.Time, grace, Signal, Recorder(name), kubelet.Logger));
        }

        Mark("Initialized", "True");
        Mark("PodReadyToStartContainers", "True");
        foreach (var slot in slots)
        {
            slot.Start();
        }

        WriteStatus();
        loop = Task.Run(() => SyncLoopAsync(stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// The pod got a deletionTimestamp: stop the containers within the grace period, then remove the object. A later
    /// delete with a shorter grace period shortens a termination under way (the kubelet keeps the minimum).
    /// </summary>
    public void BeginTermination(long graceSeconds)
    {
        var grace = TimeSpan.FromSeconds(Math.Max(0, graceSeconds));
        if (termination is null)
        {
            terminationGrace = grace;
            termination = Task.Run(() => TerminateAsync(grace), CancellationToken.None);
        }
        else if (grace < terminationGrace)
        {
            terminationGrace = grace;
            foreach (var slot in slots)
            {
                slot.Shorten(grace);
            }
        }
    }

    /// <summary>The environment the kubelet computed for a process container (the process also gets HOME, HOSTNAME and the like).</summary>
    public IReadOnlyDictionary<string, string>? EnvironmentOf(string container) => environments.GetValueOrDefault(container);

    public ContainerLogLookup? FindLog(string container, bool previous) =>
        slots.FirstOrDefault(s => s.Name == container) is { } slot ? slot.FindLog(previous) : null;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await stopping.CancelAsync();
        await Task.WhenAll(slots.Select(s => s.DisposeAsync().AsTask()));
        await loop;
        if (termination is not null)
        {
            await termination;
        }

        directory?.Dispose();
        stopping.Dispose();
    }

    private async Task TerminateAsync(TimeSpan grace)
    {
        try
        {
            await Task.WhenAll(slots.Select(s => s.StopAsync(grace)));
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            WriteStatus();
            kubelet.Service.Delete(kubelet.PodType, Namespace, Name, new DeleteOptions(GracePeriodSeconds: 0, PreconditionUid: Uid));
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Already gone, or the name now belongs to a new pod.
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The sandbox is stopping; DisposeAsync kills what is left.
        }
    }

    private void Signal() => dirty.Writer.TryWrite(true);

    private Action<string, string, string> Recorder(string container) =>
        (type, reason, message) => kubelet.Events.Record(Namespace, Name, Uid, container, type, reason, message);

    private async Task SyncLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await dirty.Reader.WaitToReadAsync(cancellationToken))
            {
                dirty.Reader.TryRead(out _);
                WriteStatus();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Pod removed or sandbox stopping.
        }
    }

    private void WriteStatus()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        lock (conditions)
        {
            var statuses = slots.Select(s => s.Status).ToList();
            var finished = slots.Count > 0 && slots.All(s => s.Finished);
            var phase = finished
                ? statuses.All(s => s.State is ContainerStateTerminated { ExitCode: 0 }) ? "Succeeded" : "Failed"
                : statuses.Any(s => s.State is not ContainerStateWaiting { Reason: ContainerStateWaiting.ContainerCreating } || s.RestartCount > 0) ? "Running" : "Pending";
            var notReady = statuses.Where(s => !s.Ready).Select(s => s.Name).ToList();
            var ready = notReady.Count == 0 && !finished ? "True" : "False";
            Mark("ContainersReady", ready);
            Mark("Ready", ready);
            var terminal = phase is "Succeeded" or "Failed";
            var reason = terminal ? "PodCompleted" : "ContainersNotReady";
            var message = terminal ? null : $"containers with unready status: [{string.Join(' ', notReady)}]";
            var conditionList = new JsonArray();
            foreach (var type in new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled" })
            {
                var (status, since) = conditions[type];
                var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = StatusJson.Time(since) };
                if (status == "False" && type is "Ready" or "ContainersReady")
                {
                    condition["reason"] = reason;
                    if (message is not null)
                    {
                        condition["message"] = message;
                    }
                }

                if (terminal && type == "PodReadyToStartContainers")
                {
                    condition["status"] = "False";
                }

                conditionList.Add(condition);
            }

            var ip = Ip.ToString();
            var containerStatuses = new JsonArray([.. slots.Zip(statuses, (slot, status) => (JsonNode)StatusJson.Container(status, slot.Image))]);
            Write(
                o =>
                {
                    var status = o["status"] as JsonObject ?? [];
                    var result = new JsonObject
                    {
                        ["phase"] = phase,
                        ["conditions"] = conditionList.DeepClone(),
                        ["hostIP"] = NodeControllers.HostIp,
                        ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = NodeControllers.HostIp }),
                        ["podIP"] = ip,
                        ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
                        ["startTime"] = StatusJson.Time(startTime),
                        ["containerStatuses"] = containerStatuses.DeepClone(),
                        ["qosClass"] = status["qosClass"]?.DeepClone() ?? "BestEffort",
                    };
                    o["status"] = result;
                },
                "status");
        }
    }

    private void Mark(string type, string status)
    {
        lock (conditions)
        {
            if (!conditions.TryGetValue(type, out var current) || current.Status != status)
            {
                conditions[type] = (status, kubelet.Time.GetUtcNow());
            }
        }
    }

    private void Write(Action<JsonObject> change, string subresource)
    {
        try
        {
            kubelet.Service.Mutate(kubelet.PodType, Namespace, Name, o =>
            {
                if (o.Uid() == Uid)
                {
                    change(o);
                }
            }, subresource);
        }
        catch (ApiException e)
        {
            Log.PodWriteRefused(kubelet.Logger, Namespace, Name, e.Message);
        }
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
