using System.Diagnostics;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Manifests;
using StudyOperator.Operator;
using StudyOperator.Sandbox;
using StudyOperator.Yaml;

namespace StudyOperator.Demo;

/// <summary>Applies the sample labs, waits until they finish, prints the report, and stops everything it started.</summary>
internal static class DemoRunner
{
    public static async Task<int> RunAsync(DemoSettings settings, CancellationToken cancellationToken)
    {
        var labs = LoadSamples(settings.SamplesDirectory);
        if (labs.Count == 0)
        {
            AnsiConsole.MarkupLine($"[red]No StudyLab samples in {Markup.Escape(settings.SamplesDirectory)}.[/]");
            return 1;
        }

        SandboxServer? sandbox = null;
        WebApplication? op = null;
        try
        {
            KubernetesClientConfiguration config;
            if (settings.CurrentCluster)
            {
                config = ClusterConnection.Resolve(null, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
                AnsiConsole.MarkupLine($"Running {labs.Count} labs on [bold]{Markup.Escape(config.Host)}[/] (the Helm-installed operator does the work).");
            }
            else
            {
                AnsiConsole.MarkupLine("Starting the sandbox cluster and the operator (no cluster needed; pods run as local processes)…");
                sandbox = await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken);
                config = new KubernetesClientConfiguration { Host = sandbox.BaseAddress.ToString() };
            }

            using var client = new Kubernetes(config);
            if (sandbox is not null)
            {
                await CrdInstaller.InstallAsync(client, cancellationToken: cancellationToken);
                op = OperatorHost.Build(
                    new OperatorOptions { MetricsPort = 0, MetricsAddress = "127.0.0.1", Namespaces = [settings.Namespace], Image = "study-operator:dev" },
                    config,
                    logging: l => l.SetMinimumLevel(LogLevel.Error));
                await op.StartAsync(cancellationToken);
            }

            await EnsureNamespaceAsync(client, settings.Namespace, cancellationToken);
            foreach (var lab in labs)
            {
                await ApplyAsync(client, settings.Namespace, lab, cancellationToken);
            }

            var finished = await WaitAsync(client, settings, labs.Select(l => l.Metadata.Name).ToList(), cancellationToken);
            LabReport.Print(finished);
            if (settings.CurrentCluster)
            {
                AnsiConsole.MarkupLine($"The labs stay in namespace [bold]{settings.Namespace}[/]: kubectl -n {settings.Namespace} get studylabs; kubectl -n {settings.Namespace} describe studylab full-tour");
            }

            return finished.All(l => l.Status?.Phase == LabPhase.Succeeded) ? 0 : 1;
        }
        catch (ClusterConnectionException e)
        {
            AnsiConsole.MarkupLine($"[red]demo: {Markup.Escape(e.Message)}[/]");
            return 1;
        }
        finally
        {
            if (op is not null)
            {
                await op.StopAsync(CancellationToken.None);
                await op.DisposeAsync();
            }

            if (sandbox is not null)
            {
                // Stops every pod process the sandbox started.
                await sandbox.DisposeAsync();
                AnsiConsole.MarkupLine("Stopped the operator and the sandbox; no process is left running.");
            }
        }
    }

    private static List<V1Alpha1StudyLab> LoadSamples(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal)
                .SelectMany(file => YamlDocuments.Parse(File.ReadAllText(file), file))
                .Where(doc => (string?)doc["kind"] == StudyLabGroup.Kind)
                .Select(doc => KubernetesJson.Deserialize<V1Alpha1StudyLab>(doc.ToJsonString()))]
            : [];

    private static async Task EnsureNamespaceAsync(Kubernetes client, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Already there (DEMO_CLUSTER=current run twice): reuse it.
        }
    }

    private static async Task ApplyAsync(Kubernetes client, string ns, V1Alpha1StudyLab lab, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(StudyLabGroup.Group, StudyLabGroup.Version, ns, StudyLabGroup.Plural, lab.Metadata.Name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // A fresh run: nothing to replace.
        }

        lab.Metadata.NamespaceProperty = ns;
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(lab, StudyLabGroup.Group, StudyLabGroup.Version, ns, StudyLabGroup.Plural, cancellationToken: cancellationToken);
        AnsiConsole.MarkupLine($"  applied StudyLab [bold]{lab.Metadata.Name}[/] ({string.Join(", ", lab.Spec.Steps.Select(s => s.Type))})");
    }

    private static readonly TimeSpan TrafficTotalsGrace = TimeSpan.FromSeconds(30);

    private static async Task<List<V1Alpha1StudyLab>> WaitAsync(Kubernetes client, DemoSettings settings, List<string> names, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var lastLine = "";
        TimeSpan? allFinished = null;
        while (true)
        {
            var raw = await client.CustomObjects.ListNamespacedCustomObjectAsync(StudyLabGroup.Group, StudyLabGroup.Version, settings.Namespace, StudyLabGroup.Plural, cancellationToken: cancellationToken);
            var labs = KubernetesJson.Deserialize<V1Alpha1StudyLabList>(JsonSerializer.Serialize(raw)).Items.Where(l => names.Contains(l.Metadata.Name)).OrderBy(l => names.IndexOf(l.Metadata.Name)).ToList();
            var line = string.Join("  ", labs.Select(l => $"{l.Metadata.Name}: {l.Status?.Phase?.ToString() ?? "Pending"}{(l.Status?.CurrentStep is { } step ? $" ({step})" : "")}"));
            if (line != lastLine)
            {
                AnsiConsole.MarkupLine($"[grey]{clock.Elapsed:mm\\:ss}[/] {Markup.Escape(line)}");
                lastLine = line;
            }

            if (labs.Count == names.Count && labs.All(l => l.Status?.Phase is LabPhase.Succeeded or LabPhase.Failed))
            {
                // The background traffic's totals arrive a moment after a lab ends (its probe is stopped, then exits);
                // wait for them a little, but a probe that could not be stopped must not hold the report.
                allFinished ??= clock.Elapsed;
                if (labs.All(l => l.Status?.Traffic is null or { FinishedAtMs: not null }) || clock.Elapsed - allFinished > TrafficTotalsGrace)
                {
                    return labs;
                }
            }

            if (clock.Elapsed > settings.Deadline)
            {
                AnsiConsole.MarkupLine($"[red]Not every lab finished within {settings.Deadline.TotalMinutes:0} minutes; reporting what was measured so far.[/]");
                return labs;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
