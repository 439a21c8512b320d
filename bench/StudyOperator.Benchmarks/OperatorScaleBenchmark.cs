using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox;

namespace StudyOperator.Benchmarks;

/// <summary>
/// The operator as its own process against an in-process sandbox: N labs of virtual pods created at
/// once, timed until every lab reports Ready; API writes per lab (by kind and verb) and at steady state; the
/// same minimal creates from a bare client as the floor; the operator's resident memory idle and with N
/// labs; start to first reconcile. The labs have one LoadBalancing step and no background traffic; the step starts
/// once a lab is Ready, so writes to reach Ready are counted per lab (<see cref="WriteLedger"/>), apart from the
/// step's own writes.
/// </summary>
internal static class OperatorScaleBenchmark
{
    private const string Ns = "scale";
    private const string FloorNs = "floor";
    private const string IdleNs = "idle";

    public static async Task RunAsync(int labs = 1000, string? executable = null)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = sandbox.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"scale-{Environment.ProcessId}.kubeconfig");
        sandbox.WriteKubeconfig(kubeconfig);
        await PostAsync(http, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", StudyOperator.Manifests.CrdGenerator.Generate());
        await WaitAsync(async () => (await http.GetAsync("/apis/labs.study.dev/v1alpha1/studylabs")).IsSuccessStatusCode, TimeSpan.FromSeconds(20));
        foreach (var ns in new[] { Ns, FloorNs, IdleNs })
        {
            await PostAsync(http, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        // The floor: the same Deployment and Service creates from a bare client, and the time until those Deployments are available.
        var self = Process.GetCurrentProcess();
        var floorCpu = self.TotalProcessorTime;
        var floor = await FloorAsync(http, labs);
        floorCpu = Process.GetCurrentProcess().TotalProcessorTime - floorCpu;

        // Idle: an operator with nothing to reconcile (its namespace is empty), 10 s after it started.
        long idleRss;
        using (var idle = StartOperator(kubeconfig, executable, IdleNs))
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            idleRss = Rss(idle);
            idle.Kill(entireProcessTree: true);
            await idle.WaitForExitAsync();
        }

        // One lab exists before the operator starts: the time until it has a status is start → first reconcile.
        await PostAsync(http, $"/apis/labs.study.dev/v1alpha1/namespaces/{Ns}/studylabs", Lab("first"));
        var started = Stopwatch.StartNew();
        using var op = StartOperator(kubeconfig, executable, Ns);
        await WaitAsync(async () => JsonNode.Parse(await http.GetStringAsync($"/apis/labs.study.dev/v1alpha1/namespaces/{Ns}/studylabs/first"))!["status"] is not null, TimeSpan.FromSeconds(60));
        var firstReconcile = started.Elapsed;
        await WaitAsync(async () => JsonNode.Parse(await http.GetStringAsync($"/apis/labs.study.dev/v1alpha1/namespaces/{Ns}/studylabs/first"))!["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Ready" && (string?)c["status"] == "True") == true, TimeSpan.FromSeconds(60));
        var oneLabRss = Rss(op);
        var baseline = Writes(sandbox);
        var fromRv = (string)JsonNode.Parse(await http.GetStringAsync($"/apis/labs.study.dev/v1alpha1/namespaces/{Ns}/studylabs"))!["metadata"]!["resourceVersion"]!;
        var ledger = WriteLedger.Start(http, Ns, fromRv);

        var sandboxCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var operatorCpu = Cpu(op);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, labs).Chunk(labs / 16 + 1).Select(async chunk =>
        {
            foreach (var i in chunk)
            {
                await PostAsync(http, $"/apis/labs.study.dev/v1alpha1/namespaces/{Ns}/studylabs", Lab($"lab-{i:D4}"));
            }
        }));
        await WaitAsync(async () =>
        {
            var list = JsonNode.Parse(await http.GetStringAsync($"/apis/labs.study.dev/v1alpha1/namespaces/{Ns}/studylabs"))!["items"]!.AsArray();
            return list.Count == labs + 1 && list.All(l => l!["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Ready" && (string?)c["status"] == "True") == true);
        }, TimeSpan.FromMinutes(10));
        var toReady = clock.Elapsed;
        sandboxCpu = Process.GetCurrentProcess().TotalProcessorTime - sandboxCpu;
        operatorCpu = Cpu(op) - operatorCpu;
        var after = Writes(sandbox);
        var writes = (All: after.All - baseline.All, WithoutEvents: after.WithoutEvents - baseline.WithoutEvents);
        var busyRss = Rss(op);
        await ledger.DisposeAsync();
        var toReadyPerLab = ledger.ToReady();

        // Steady state: nothing changes for 10 s, so nothing may be written.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var steady = Writes(sandbox).All - after.All;
        var steadyRss = Rss(op);

        Row($"{labs:N0} labs (virtual pods) created at once → all Ready", $"{toReady.TotalSeconds:F1} s", "—");
        Row("floor: the same creates (lab, Deployment, Service) from a bare client → all available", $"{floor.TotalSeconds:F1} s; ratio {toReady / floor:F2}×", "≤ 1.5×");
        var perLab = toReadyPerLab.Select(w => w.Count).ToList();
        var eventless = toReadyPerLab.Select(w => w.Count(x => !x.StartsWith("event", StringComparison.Ordinal))).ToList();
        Row("operator writes per lab up to the write that made it Ready: mean (max) / without Events", $"{perLab.Average():F2} ({perLab.Max()}) / {eventless.Average():F2} ({eventless.Max()}) over {perLab.Count} labs", "≤ 4");
        Row("  of which", string.Join("; ", toReadyPerLab.SelectMany(w => w).GroupBy(w => w).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count() / (double)perLab.Count:F2}")), "—");
        Row("all writes until all labs were Ready, per lab (incl. steps started by early labs and failed requests)", $"{writes.All / (double)labs:F2}: " + string.Join("; ", after.ByRequest.Select(r => (r.Key, Count: r.Value - baseline.ByRequest.GetValueOrDefault(r.Key))).Where(r => r.Count > 0).Select(r => $"{r.Key} {r.Count / (double)labs:F2}")), "—");
        Row("API writes in the next 10 s (steps of late labs; steady labs write nothing)", $"{steady}", "—");
        Row("CPU: floor (sandbox + client) / operator run (sandbox + client; operator process)", $"{floorCpu.TotalSeconds:F1} s / {sandboxCpu.TotalSeconds:F1} s; {operatorCpu.TotalSeconds:F1} s", "—");
        Row("operator build", executable is null ? "JIT (dotnet study-operator.dll)" : $"{executable} ({new FileInfo(executable).Length / 1024.0 / 1024:F0} MB executable)", "—");
        Row("operator RSS idle (no lab, 10 s after start) / with one lab just Ready (its step starting)", $"{idleRss / 1024.0 / 1024:F0} MB / {oneLabRss / 1024.0 / 1024:F0} MB", "≤ 80 MB idle");
        Row("operator RSS with all labs, when the last became Ready and 10 s later", $"{busyRss / 1024.0 / 1024:F0} MB and {steadyRss / 1024.0 / 1024:F0} MB", "≤ 150 MB");
        Row("operator process start → first lab's status written", $"{firstReconcile.TotalMilliseconds:F0} ms", "—");
        op.Kill(entireProcessTree: true);
        File.Delete(kubeconfig);
    }

    private static void Row(string name, string result, string target) => Console.WriteLine($"| {name} | {result} | {target} | |");

    /// <summary>This build's study-operator.dll under <c>dotnet</c> (JIT), or a published executable (Native AOT).</summary>
    private static Process StartOperator(string kubeconfig, string? executable, string ns)
    {
        var start = new ProcessStartInfo(executable ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (executable is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "study-operator.dll"));
        }

        foreach (var arg in new[] { "--kubeconfig", kubeconfig, "--namespace", ns, "--metrics-port", "0", "--metrics-address", "127.0.0.1", "--image", "registry.example/demo:v1", "--qps", "2000", "--burst", "4000" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>User + system CPU time of another process, from /proc (utime and stime are fields 14 and 15, in clock ticks of 10 ms).</summary>
    private static TimeSpan Cpu(Process process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static long Rss(Process process)
    {
        foreach (var line in File.ReadAllLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static (long All, long WithoutEvents, SortedDictionary<string, long> ByRequest) Writes(SandboxServer sandbox)
    {
        var text = new StringReader(sandbox.Metrics.Render());
        long all = 0, events = 0;
        var byRequest = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (text.ReadLine() is { } line)
        {
            if (!line.StartsWith("apiserver_request_total{", StringComparison.Ordinal))
            {
                continue;
            }

            var verb = Label(line, "verb");
            if (verb is not ("POST" or "PUT" or "PATCH" or "APPLY" or "DELETE"))
            {
                continue;
            }

            var resource = Label(line, "resource");
            if (resource is "pods" or "replicasets" or "endpointslices" or "endpoints" or "customresourcedefinitions" or "namespaces" or "configmaps")
            {
                continue; // written by the sandbox's own controllers and kubelet, or by the benchmark's setup
            }

            var count = long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            all += count;
            var subresource = Label(line, "subresource");
            var request = $"{verb} {resource}{(subresource.Length > 0 ? "/" + subresource : "")} {Label(line, "code")}";
            byRequest[request] = byRequest.GetValueOrDefault(request) + count;
            if (resource == "events")
            {
                events += count;
            }
        }

        return (all, all - events, byRequest);
    }

    private static string Label(string line, string name)
    {
        var at = line.IndexOf($"{name}=\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }

        var start = at + name.Length + 2;
        return line[start..line.IndexOf('"', start)];
    }

    private static async Task<TimeSpan> FloorAsync(HttpClient http, int labs)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, labs).Chunk(labs / 16 + 1).Select(async chunk =>
        {
            foreach (var i in chunk)
            {
                // The same lab objects the operator run starts from (nothing reconciles this namespace), then the operator's own
                // builders' Deployment and Service, without the owner reference (the garbage collector would take them: the
                // builders' owner UID is made up).
                await PostAsync(http, $"/apis/labs.study.dev/v1alpha1/namespaces/{FloorNs}/studylabs", Lab($"lab-{i:D4}"));
                var deployment = StudyOperator.Workload.LabDeployment.Build(Typed($"lab-{i:D4}", FloorNs), "registry.example/demo:v1");
                deployment.Metadata.OwnerReferences = null;
                await PostAsync(http, $"/apis/apps/v1/namespaces/{FloorNs}/deployments", JsonNode.Parse(k8s.KubernetesJson.Serialize(deployment))!);
                var service = StudyOperator.Workload.LabService.Build(Typed($"lab-{i:D4}", FloorNs));
                service.Metadata.OwnerReferences = null;
                await PostAsync(http, $"/api/v1/namespaces/{FloorNs}/services", JsonNode.Parse(k8s.KubernetesJson.Serialize(service))!);
            }
        }));
        await WaitAsync(async () =>
        {
            var list = JsonNode.Parse(await http.GetStringAsync($"/apis/apps/v1/namespaces/{FloorNs}/deployments"))!["items"]!.AsArray();
            return list.Count == labs && list.All(d => (long?)d!["status"]?["availableReplicas"] == 2);
        }, TimeSpan.FromMinutes(10));
        return clock.Elapsed;
    }

    private static StudyOperator.Api.V1Alpha1.V1Alpha1StudyLab Typed(string name, string ns) => new()
    {
        Metadata = new k8s.Models.V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = Guid.NewGuid().ToString() },
        Spec = new() { App = new() { Replicas = 2 }, Steps = [new() { Type = StudyOperator.Api.V1Alpha1.StepType.LoadBalancing }] },
    };

    private static JsonNode Lab(string name) => JsonNode.Parse($$$"""
        {"apiVersion":"labs.study.dev/v1alpha1","kind":"StudyLab","metadata":{"name":"{{{name}}}"},
         "spec":{"app":{"replicas":2,"image":"registry.example/demo:v1"},"traffic":{"requestsPerSecond":0},"steps":[{"type":"LoadBalancing"}]}}
        """)!;

    private static async Task PostAsync(HttpClient http, string path, JsonNode body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"condition not met within {timeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
