using System.ComponentModel.DataAnnotations;

namespace StudyOperator.Operator;

/// <summary>
/// Settings of the operator role, bound from flags, environment (<c>STUDYOPERATOR__*</c>) and
/// appsettings, and validated at start so a bad value stops the operator with a clear message.
/// </summary>
internal sealed class OperatorOptions : IValidatableObject
{
    public const string Section = "Operator";

    /// <summary>Path of a kubeconfig; empty means KUBECONFIG, then ~/.kube/config, then in-cluster.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Namespaces to watch; empty means all namespaces.</summary>
    public IList<string> Namespaces { get; set; } = [];

    [Range(1, 64)]
    public int MaxConcurrentReconciles { get; set; } = 4;

    /// <summary>Sustained API requests per second (client-side rate limit, like client-go's QPS).</summary>
    [Range(1, 10_000)]
    public int Qps { get; set; } = 50;

    /// <summary>Requests allowed in a burst above <see cref="Qps"/>.</summary>
    [Range(1, 10_000)]
    public int Burst { get; set; } = 100;

    /// <summary>How often every cached lab is reconciled again without an API change.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    public bool LeaderElection { get; set; }

    public string LeaseName { get; set; } = "study-operator-leader";

    /// <summary>Namespace of the leader Lease; empty means the operator's own (POD_NAMESPACE) or "default".</summary>
    public string? LeaseNamespace { get; set; }

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's name in the leader Lease and in Events; empty means POD_NAME, else host name and process id.</summary>
    public string? Identity { get; set; }

    /// <summary>Port of /healthz, /readyz and /metrics; 0 picks a free port (tests).</summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; } = 8081;

    /// <summary>Address the health and metrics endpoints bind to.</summary>
    public string MetricsAddress { get; set; } = "0.0.0.0";

    /// <summary>Image labs run when their spec names none: the operator's own image.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Image { get; set; } = "study-operator:dev";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Burst < Qps)
        {
            yield return new ValidationResult($"Burst ({Burst}) must be at least Qps ({Qps}).", [nameof(Burst)]);
        }

        if (ResyncPeriod < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult($"ResyncPeriod ({ResyncPeriod}) must be at least 1 second.", [nameof(ResyncPeriod)]);
        }

        if (LeaderElection && !(RetryPeriod < RenewDeadline && RenewDeadline < LeaseDuration))
        {
            yield return new ValidationResult(
                $"Leader election needs RetryPeriod ({RetryPeriod}) < RenewDeadline ({RenewDeadline}) < LeaseDuration ({LeaseDuration}).",
                [nameof(LeaseDuration)]);
        }

        foreach (var ns in Namespaces.Where(n => n.Length is 0 or > 63 || !n.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            yield return new ValidationResult($"Namespace \"{ns}\" is not a valid namespace name.", [nameof(Namespaces)]);
        }
    }
}
