using System.ComponentModel.DataAnnotations;
using StudyOperator.Operator;

namespace StudyOperator.Tests.Operator;

public sealed class OperatorOptionsTests
{
    private static List<ValidationResult> Validate(OperatorOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(Validate(new OperatorOptions()));
        Assert.Empty(Validate(new OperatorOptions { LeaderElection = true }));
    }

    [Fact]
    public void Burst_below_qps_is_refused()
    {
        Assert.Contains(Validate(new OperatorOptions { Qps = 50, Burst = 10 }), r => r.MemberNames.Contains(nameof(OperatorOptions.Burst)));
    }

    [Fact]
    public void Leader_election_timings_must_nest()
    {
        var results = Validate(new OperatorOptions { LeaderElection = true, RenewDeadline = TimeSpan.FromSeconds(20) });
        Assert.Contains(results, r => r.ErrorMessage!.Contains("RenewDeadline", StringComparison.Ordinal));
    }

    [Fact]
    public void Out_of_range_workers_and_bad_namespaces_are_refused()
    {
        Assert.NotEmpty(Validate(new OperatorOptions { MaxConcurrentReconciles = 0 }));
        Assert.Contains(Validate(new OperatorOptions { Namespaces = ["Bad_Name"] }), r => r.ErrorMessage!.Contains("Bad_Name", StringComparison.Ordinal));
    }
}
