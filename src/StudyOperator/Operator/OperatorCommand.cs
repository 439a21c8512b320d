using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Operator;

/// <summary>
/// The default role: run the operator against a cluster. Settings come from appsettings.json,
/// then STUDYOPERATOR_-prefixed environment variables (e.g. STUDYOPERATOR_Operator__Qps=20),
/// then flags; bad settings and an unreachable cluster end the process with one clear line.
/// </summary>
internal static class OperatorCommand
{
    private static readonly Option<string?> Kubeconfig = new("--kubeconfig") { Description = "Path of the kubeconfig to use (default: KUBECONFIG, then ~/.kube/config, then in-cluster)." };
    private static readonly Option<string[]> Namespaces = new("--namespace", "-n") { Description = "Namespace to watch; repeat for several. Default: all namespaces.", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<int?> Workers = new("--max-concurrent-reconciles") { Description = "Labs reconciled at once (1-64, default 4)." };
    private static readonly Option<int?> Qps = new("--qps") { Description = "Sustained API requests per second (default 50)." };
    private static readonly Option<int?> Burst = new("--burst") { Description = "API requests allowed in a burst above --qps (default 100)." };
    private static readonly Option<TimeSpan?> Resync = new("--resync-period") { Description = "Reconcile every lab again after this long without changes (hh:mm:ss, default 00:10:00)." };
    private static readonly Option<bool?> LeaderElect = new("--leader-elect") { Description = "Elect a leader on a Lease so only one replica acts (default off; on when the chart runs more than one replica)." };
    private static readonly Option<string?> LeaseNamespace = new("--lease-namespace") { Description = "Namespace of the leader Lease (default: POD_NAMESPACE, else default)." };
    private static readonly Option<TimeSpan?> LeaseDuration = new("--lease-duration") { Description = "How long a leader's Lease is valid without renewal (default 00:00:15)." };
    private static readonly Option<TimeSpan?> RenewDeadline = new("--renew-deadline") { Description = "How long the leader keeps trying to renew before giving up (default 00:00:10)." };
    private static readonly Option<TimeSpan?> RetryPeriod = new("--retry-period") { Description = "Pause between attempts to acquire or renew the Lease (default 00:00:02)." };
    private static readonly Option<int?> MetricsPort = new("--metrics-port") { Description = "Port of /healthz, /readyz and /metrics (default 8081)." };
    private static readonly Option<string?> MetricsAddress = new("--metrics-address") { Description = "Address /healthz, /readyz and /metrics bind to (default 0.0.0.0)." };
    private static readonly Option<string?> Image = new("--image") { Description = "Image labs run when their spec names none (default: OPERATOR_IMAGE, else study-operator:dev)." };

    public static void Configure(RootCommand root)
    {
        foreach (var option in new Option[] { Kubeconfig, Namespaces, Workers, Qps, Burst, Resync, LeaderElect, LeaseNamespace, LeaseDuration, RenewDeadline, RetryPeriod, MetricsPort, MetricsAddress, Image })
        {
            root.Options.Add(option);
        }

        root.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var options = Bind(parse);
            if (Problems(options) is { Count: > 0 } problems)
            {
                await error.WriteLineAsync($"study-operator: invalid settings: {string.Join("; ", problems)}");
                return 2;
            }

            try
            {
                var cluster = ClusterConnection.Resolve(options.Kubeconfig, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
                await PreflightAsync(cluster, cancellationToken);
                await using var app = OperatorHost.Build(options, cluster);
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (ClusterConnectionException e)
            {
                await error.WriteLineAsync($"study-operator: {e.Message}");
                return 1;
            }
        });
    }

    private static OperatorOptions Bind(ParseResult parse)
    {
        var flags = new Dictionary<string, string?>();
        void Set<T>(string key, Option<T> option)
        {
            if (parse.GetValue(option) is { } value)
            {
                flags[$"{OperatorOptions.Section}:{key}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }

        Set(nameof(OperatorOptions.Kubeconfig), Kubeconfig);
        Set(nameof(OperatorOptions.MaxConcurrentReconciles), Workers);
        Set(nameof(OperatorOptions.Qps), Qps);
        Set(nameof(OperatorOptions.Burst), Burst);
        Set(nameof(OperatorOptions.ResyncPeriod), Resync);
        Set(nameof(OperatorOptions.LeaderElection), LeaderElect);
        Set(nameof(OperatorOptions.LeaseNamespace), LeaseNamespace);
        Set(nameof(OperatorOptions.LeaseDuration), LeaseDuration);
        Set(nameof(OperatorOptions.RenewDeadline), RenewDeadline);
        Set(nameof(OperatorOptions.RetryPeriod), RetryPeriod);
        Set(nameof(OperatorOptions.MetricsPort), MetricsPort);
        Set(nameof(OperatorOptions.MetricsAddress), MetricsAddress);
        Set(nameof(OperatorOptions.Image), Image);
        var namespaces = parse.GetValue(Namespaces) ?? [];
        for (var i = 0; i < namespaces.Length; i++)
        {
            flags[$"{OperatorOptions.Section}:{nameof(OperatorOptions.Namespaces)}:{i}"] = namespaces[i];
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables("STUDYOPERATOR_")
            .AddInMemoryCollection(flags)
            .Build();
        var options = new OperatorOptions();
        if (Environment.GetEnvironmentVariable("OPERATOR_IMAGE") is { Length: > 0 } image)
        {
            options.Image = image;
        }

        configuration.GetSection(OperatorOptions.Section).Bind(options);
        return options;
    }

    internal static List<string> Problems(OperatorOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "invalid value")];
    }

    /// <summary>Checks, before anything starts, that the API answers and serves StudyLabs.</summary>
    private static async Task PreflightAsync(KubernetesClientConfiguration cluster, CancellationToken cancellationToken)
    {
        using var client = new Kubernetes(cluster);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await client.Version.GetCodeAsync(timeout.Token);
            await client.CustomObjects.ListClusterCustomObjectAsync(StudyLabGroup.Group, StudyLabGroup.Version, StudyLabGroup.Plural, limit: 1, cancellationToken: timeout.Token);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new ClusterConnectionException($"the StudyLab CRD is not installed on {cluster.Host}: apply config/crd/ or install the Helm chart first.", e);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            throw new ClusterConnectionException($"the Kubernetes API at {cluster.Host} refused the credentials ({(int)e.Response.StatusCode}): {e.Response.Content}", e);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterConnectionException($"cannot reach the Kubernetes API at {cluster.Host}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterConnectionException($"the Kubernetes API at {cluster.Host} did not answer within 15 seconds.", e);
        }
    }
}
