using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Manifests;
using StudyOperator.Operator;
using StudyOperator.Sandbox;

namespace StudyOperator.Benchmarks;

/// <summary>
/// How close the recovery time a lab reports is to the sandbox's ground truth: for every SelfHealing
/// round, the reported recoveryMs against (replacement pod Ready) − (deleted pod's deletion request),
/// both commit times recorded by the sandbox. Real app processes, the operator in-process.
/// </summary>
internal static class RecoveryAccuracyBenchmark
{
    private const string Ns = "accuracy";

    public static async Task RunAsync(int rounds = 20)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        var config = new KubernetesClientConfiguration { Host = sandbox.BaseAddress.ToString() };
        using var client = new Kubernetes(config);
        await CrdInstaller.InstallAsync(client);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });

        await using var op = OperatorHost.Build(
            new OperatorOptions { MetricsPort = 0, MetricsAddress = "127.0.0.1", Namespaces = [Ns], Image = "study-operator:dev" },
            config,
            logging: l => l.SetMinimumLevel(LogLevel.Error));
        await op.StartAsync();

        var lab = new V1Alpha1StudyLab
        {
            Metadata = new V1ObjectMeta { Name = "accuracy", NamespaceProperty = Ns },
            Spec = new V1Alpha1StudyLabSpec
            {
                App = new V1Alpha1AppSpec { Replicas = 3 },
                Traffic = new V1Alpha1TrafficSpec { RequestsPerSecond = 0 },
                Steps = [new V1Alpha1LabStep { Type = StepType.SelfHealing, SelfHealing = new V1Alpha1SelfHealingParameters { Rounds = rounds, PodsPerRound = 1 } }],
            },
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(lab, StudyLabGroup.Group, StudyLabGroup.Version, Ns, StudyLabGroup.Plural);
        V1Alpha1StudyLab done = null!;
        await Until(async () =>
        {
            var raw = await client.CustomObjects.GetNamespacedCustomObjectAsync(StudyLabGroup.Group, StudyLabGroup.Version, Ns, StudyLabGroup.Plural, "accuracy");
            done = KubernetesJson.Deserialize<V1Alpha1StudyLab>(JsonSerializer.Serialize(raw));
            return done.Status?.Phase is LabPhase.Succeeded or LabPhase.Failed;
        }, TimeSpan.FromMinutes(10));
        await op.StopAsync();

        var timeline = sandbox.PodTimeline.InNamespace(Ns);
        var differences = new List<double>();
        foreach (var round in done.Status!.Steps![0].Rounds!.Where(r => r.RecoveryMs is not null))
        {
            var deleted = timeline.Single(p => p.Uid == round.Pods[0].Uid);
            var requested = deleted.DeletionRequested!.Value;
            // The replacement: the first pod created after the deletion request, and when it became Ready.
            var replacement = timeline.Where(p => p.Created >= requested && p.Ready is not null).OrderBy(p => p.Created).First();
            var truth = (replacement.Ready!.Value - requested).TotalMilliseconds;
            differences.Add(round.RecoveryMs!.Value - truth);
            Console.Error.WriteLine($"round {round.Round}: reported {round.RecoveryMs} ms, ground truth {truth:F0} ms, difference {round.RecoveryMs - truth:F0} ms");
        }

        var absolute = differences.Select(Math.Abs).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| reported recovery − ground truth over {differences.Count} SelfHealing rounds (phase {done.Status.Phase}) | mean {differences.Average():F0} ms, max |diff| {absolute.Max():F0} ms, rounds within 100 ms: {absolute.Count(d => d <= 100)}/{absolute.Count} | ≤ 100 ms | |"));
    }

    private static async Task Until(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("condition not met");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
