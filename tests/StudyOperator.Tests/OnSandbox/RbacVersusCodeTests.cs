using StudyOperator.Tests.Manifests;
using Xunit.Abstractions;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>
/// The chart's RBAC compared with the API calls the operator actually makes (until the sandbox enforces RBAC, this
/// stands in for running the operator as a ServiceAccount limited to the chart's Role): every call must be allowed
/// by a rule bound to the operator's ServiceAccount, and every granted verb on every resource must have been used.
/// The rules are read at test time from `helm template` and from config/rbac, so a change to either is checked.
/// </summary>
public sealed class RbacVersusCodeTests(RecordedOperatorTraffic traffic, ITestOutputHelper output) : IClassFixture<RecordedOperatorTraffic>
{
    private const string Fix = "Change charts/study-operator/templates/rbac.yaml, then run `make manifests` so config/rbac follows.";

    private IReadOnlyList<RequestAttributes> Calls() =>
        [.. traffic.Requests.Select(r => RequestInfoResolver.Resolve(r.Method, r.Path, r.Query))];

    [Theory]
    [InlineData(OperatorRbac.Chart)]
    [InlineData(OperatorRbac.Config)]
    public void Every_api_call_the_operator_makes_is_allowed_by_its_rbac(string source)
    {
        var policy = OperatorRbac.Load(source);
        var calls = Calls();
        foreach (var group in calls.GroupBy(c => c.Describe()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Count(),5} × {group.Key}  ← {policy.Allowing(group.First())?.Role ?? "NOT ALLOWED"}");
        }

        Assert.NotEmpty(calls);
        var denied = calls.Where(c => policy.Allowing(c) is null).Select(c => c.Describe()).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(
            denied.Count == 0,
            $"The operator made {denied.Count} kind(s) of call that the {source} RBAC for {policy.ServiceAccount} does not allow (a real cluster answers 403):\n  "
            + string.Join("\n  ", denied) + $"\n{Fix}");
    }

    [Theory]
    [InlineData(OperatorRbac.Chart)]
    [InlineData(OperatorRbac.Config)]
    public void Every_verb_the_rbac_grants_is_one_the_operator_uses(string source)
    {
        var policy = OperatorRbac.Load(source);
        var calls = Calls();

        var unused = policy.Rules.SelectMany(r => r.Grants()).Where(grant => !calls.Any(grant.Allows)).Select(g => g.Describe()).ToList();
        Assert.True(
            unused.Count == 0,
            $"The {source} RBAC grants {unused.Count} permission(s) the operator never used while it ran every step type, edited, "
            + "invalid and deleted labs, resyncs and leader election (least privilege: grant only what the code calls):\n  "
            + string.Join("\n  ", unused) + $"\n{Fix}");
    }
}
