namespace StudyOperator.Tests.Manifests;

/// <summary>
/// The request-to-attributes mapping the RBAC comparison relies on, checked against cases of the apiserver's own
/// requestinfo_test.go, and the wildcard ban on every rule bound to the operator.
/// </summary>
public sealed class RbacRulesTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces", "", "list", "", "namespaces", "", "", "")]
    [InlineData("GET", "/api/v1/namespaces/other", "", "get", "", "namespaces", "", "other", "other")]
    [InlineData("GET", "/api/v1/namespaces/other/pods", "", "list", "", "pods", "", "other", "")]
    [InlineData("GET", "/api/v1/namespaces/other/pods/foo", "", "get", "", "pods", "", "other", "foo")]
    [InlineData("HEAD", "/api/v1/namespaces/other/pods/foo", "", "get", "", "pods", "", "other", "foo")]
    [InlineData("GET", "/api/v1/pods", "", "list", "", "pods", "", "", "")]
    [InlineData("GET", "/api/v1/pods", "?watch=true&labelSelector=a", "watch", "", "pods", "", "", "")]
    [InlineData("GET", "/api/v1/pods", "?watch=1", "watch", "", "pods", "", "", "")]
    [InlineData("GET", "/api/v1/pods", "?watch=false", "list", "", "pods", "", "", "")]
    [InlineData("GET", "/api/v1/pods", "?watch=0", "list", "", "pods", "", "", "")]
    [InlineData("GET", "/api/v1/namespaces/other/pods/foo", "?watch=true", "get", "", "pods", "", "other", "foo")]
    [InlineData("GET", "/api/v1/watch/namespaces/other/pods", "", "watch", "", "pods", "", "other", "")]
    [InlineData("GET", "/api/v1/proxy/namespaces/other/pods/foo/some/dir", "", "proxy", "", "pods", "", "other", "foo")]
    [InlineData("POST", "/api/v1/namespaces/other/pods/foo:8080/proxy/fault", "", "create", "", "pods", "proxy", "other", "foo:8080")]
    [InlineData("GET", "/api/v1/namespaces/other/pods/foo/log", "", "get", "", "pods", "log", "other", "foo")]
    [InlineData("POST", "/api/v1/namespaces/other/events", "", "create", "", "events", "", "other", "")]
    [InlineData("PUT", "/api/v1/namespaces/other/services/web", "", "update", "", "services", "", "other", "web")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/other/deployments/web", "", "patch", "apps", "deployments", "", "other", "web")]
    [InlineData("DELETE", "/api/v1/namespaces/other/pods/foo", "", "delete", "", "pods", "", "other", "foo")]
    [InlineData("DELETE", "/api/v1/namespaces/other/pods", "", "deletecollection", "", "pods", "", "other", "")]
    [InlineData("PUT", "/api/v1/namespaces/other/finalize", "", "update", "", "namespaces", "finalize", "other", "other")]
    [InlineData("PUT", "/apis/labs.study.dev/v1alpha1/namespaces/ns/studylabs/tour/status", "", "update", "labs.study.dev", "studylabs", "status", "ns", "tour")]
    [InlineData("GET", "/apis/labs.study.dev/v1alpha1/studylabs", "?watch=true", "watch", "labs.study.dev", "studylabs", "", "", "")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/study-system/leases/study-operator-leader", "", "update", "coordination.k8s.io", "leases", "", "study-system", "study-operator-leader")]
    public void Resource_requests_map_to_the_attributes_the_apiserver_authorizes(
        string method, string path, string query, string verb, string group, string resource, string subresource, string ns, string name)
    {
        var attributes = RequestInfoResolver.Resolve(method, path, query);

        Assert.Equal(new RequestAttributes(true, verb, group, resource, subresource, ns, name, path), attributes);
    }

    [Theory]
    [InlineData("GET", "/version")]
    [InlineData("GET", "/api")]
    [InlineData("GET", "/api/v1")]
    [InlineData("GET", "/apis/apps/v1")]
    [InlineData("GET", "/healthz")]
    public void Discovery_and_health_paths_are_non_resource_requests(string method, string path)
    {
        var attributes = RequestInfoResolver.Resolve(method, path, "");

        Assert.False(attributes.IsResourceRequest);
        Assert.Equal("get", attributes.Verb);
        Assert.True(RbacPolicy.DefaultDiscovery.Allows(attributes));
    }

    [Fact]
    public void A_namespaced_role_allows_only_in_its_namespace_and_a_subresource_needs_its_own_grant()
    {
        var role = new RbacRule("Role study-system/leader", "study-system", ["coordination.k8s.io"], ["leases"], ["get", "update"], [], []);
        var podsOnly = new RbacRule("ClusterRole op", null, [""], ["pods"], ["create"], [], []);
        var lease = "/apis/coordination.k8s.io/v1/namespaces/{0}/leases/leader";

        Assert.True(role.Allows(RequestInfoResolver.Resolve("PUT", string.Format(System.Globalization.CultureInfo.InvariantCulture, lease, "study-system"), "")));
        Assert.False(role.Allows(RequestInfoResolver.Resolve("PUT", string.Format(System.Globalization.CultureInfo.InvariantCulture, lease, "other"), "")));
        Assert.False(role.Allows(RequestInfoResolver.Resolve("POST", "/apis/coordination.k8s.io/v1/namespaces/study-system/leases", "")));
        Assert.True(podsOnly.Allows(RequestInfoResolver.Resolve("POST", "/api/v1/namespaces/a/pods", "")));
        Assert.False(podsOnly.Allows(RequestInfoResolver.Resolve("POST", "/api/v1/namespaces/a/pods/p:8080/proxy/fault", "")));
    }

    [Theory]
    [InlineData(OperatorRbac.Chart)]
    [InlineData(OperatorRbac.Config)]
    public void No_rule_bound_to_the_operator_uses_a_wildcard(string source)
    {
        var policy = OperatorRbac.Load(source);

        Assert.NotEmpty(policy.Rules);
        Assert.Empty(policy.Rules.SelectMany(r => r.Wildcards()));
    }

    [Theory]
    [InlineData(OperatorRbac.Chart)]
    [InlineData(OperatorRbac.Config)]
    public void The_leader_lease_is_granted_only_in_the_operator_namespace(string source)
    {
        var policy = OperatorRbac.Load(source);

        var leaseRules = policy.Rules.Where(r => r.Resources.Contains("leases")).ToList();
        Assert.NotEmpty(leaseRules);
        Assert.All(leaseRules, r => Assert.Equal(OperatorRbac.Namespace, r.Namespace));
    }
}
