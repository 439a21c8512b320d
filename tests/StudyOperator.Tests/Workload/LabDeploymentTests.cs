using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Workload;

namespace StudyOperator.Tests.Workload;

public sealed class LabDeploymentTests
{
    private static V1Deployment Build(Action<V1Alpha1StudyLabSpec>? configure = null) =>
        LabDeployment.Build(LabFixtures.Lab(configure), LabFixtures.OperatorImage);

    private static V1Container App(V1Deployment deployment) => Assert.Single(deployment.Spec.Template.Spec.Containers);

    [Fact]
    public void Defaults_give_three_replicas_of_the_operator_image_running_the_app_role()
    {
        var deployment = Build();
        Assert.Equal("demo-app", deployment.Metadata.Name);
        Assert.Equal("workshop", deployment.Metadata.NamespaceProperty);
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal(LabFixtures.OperatorImage, App(deployment).Image);
        Assert.Equal(["app", "--port=8080"], App(deployment).Args);
        Assert.Equal("v1", App(deployment).Env.Single(e => e.Name == "APP_VERSION").Value);
        Assert.Equal(8080, Assert.Single(App(deployment).Ports).ContainerPort);
    }

    [Fact]
    public void An_image_in_the_spec_replaces_the_operator_image()
    {
        Assert.Equal("registry.local/study-operator:dev", App(Build(s => s.App.Image = "registry.local/study-operator:dev")).Image);
    }

    [Fact]
    public void Pods_learn_their_name_namespace_and_ip_from_the_downward_api()
    {
        var env = App(Build()).Env.Where(e => e.ValueFrom is not null).ToDictionary(e => e.Name, e => e.ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", env["POD_NAME"]);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"]);
        Assert.Equal("status.podIP", env["POD_IP"]);
    }

    [Fact]
    public void Both_probes_are_on_by_default_and_point_at_the_app_endpoints()
    {
        var app = App(Build());
        Assert.Equal("/readyz", app.ReadinessProbe.HttpGet.Path);
        Assert.Equal("http", app.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal("/healthz", app.LivenessProbe.HttpGet.Path);
    }

    [Fact]
    public void Switching_off_the_readiness_probe_removes_only_it()
    {
        var app = App(Build(s => s.App.ReadinessProbe = false));
        Assert.Null(app.ReadinessProbe);
        Assert.NotNull(app.LivenessProbe);
    }

    [Fact]
    public void Switching_off_the_liveness_probe_removes_only_it()
    {
        var app = App(Build(s => s.App.LivenessProbe = false));
        Assert.Null(app.LivenessProbe);
        Assert.NotNull(app.ReadinessProbe);
    }

    [Fact]
    public void The_version_is_reported_by_the_app_and_labels_the_pods()
    {
        var deployment = Build(s => s.App.Version = "v2");
        Assert.Equal("v2", App(deployment).Env.Single(e => e.Name == "APP_VERSION").Value);
        Assert.Equal("v2", deployment.Spec.Template.Metadata.Labels["app.kubernetes.io/version"]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 10)]
    [InlineData(0, 1)]
    [InlineData(50, 10)]
    [InlineData(-3, 1)]
    public void Replicas_stay_within_bounds_even_if_the_schema_was_bypassed(int requested, int expected)
    {
        Assert.Equal(expected, Build(s => s.App.Replicas = requested).Spec.Replicas);
    }

    [Fact]
    public void Selector_uses_only_labels_that_never_change_and_matches_the_pods()
    {
        var v1 = Build();
        var v2 = Build(s => s.App.Version = "v2");
        Assert.Equal(v1.Spec.Selector.MatchLabels, v2.Spec.Selector.MatchLabels);
        Assert.DoesNotContain("app.kubernetes.io/version", v1.Spec.Selector.MatchLabels.Keys);
        foreach (var (key, value) in v1.Spec.Selector.MatchLabels)
        {
            Assert.Equal(value, v1.Spec.Template.Metadata.Labels[key]);
        }
    }

    [Fact]
    public void Objects_carry_the_lab_label_and_the_recommended_app_labels()
    {
        var labels = Build().Metadata.Labels;
        Assert.Equal("demo", labels["labs.study.dev/lab"]);
        Assert.Equal("study-lab-app", labels["app.kubernetes.io/name"]);
        Assert.Equal("demo", labels["app.kubernetes.io/instance"]);
        Assert.Equal("demo-app", labels["app.kubernetes.io/component"]);
        Assert.Equal("study-operator", labels["app.kubernetes.io/part-of"]);
        Assert.Equal("study-operator", labels["app.kubernetes.io/managed-by"]);
    }

    [Fact]
    public void The_lab_is_the_controlling_owner_so_deleting_it_collects_the_deployment()
    {
        var owner = Assert.Single(Build().Metadata.OwnerReferences);
        Assert.Equal("labs.study.dev/v1alpha1", owner.ApiVersion);
        Assert.Equal("StudyLab", owner.Kind);
        Assert.Equal("demo", owner.Name);
        Assert.Equal("5f1c2c1e-0000-4000-8000-000000000001", owner.Uid);
        Assert.True(owner.Controller);
        Assert.True(owner.BlockOwnerDeletion);
    }

    [Fact]
    public void Requests_and_limits_are_set()
    {
        var resources = App(Build()).Resources;
        Assert.Equal(["cpu", "memory"], resources.Requests.Keys.Order());
        Assert.Equal(["cpu", "memory"], resources.Limits.Keys.Order());
    }

    // The Kubernetes "restricted" Pod Security Standard, field by field
    // (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
    [Fact]
    public void Restricted_pods_run_as_non_root()
    {
        var deployment = Build();
        Assert.True(deployment.Spec.Template.Spec.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, deployment.Spec.Template.Spec.SecurityContext.RunAsUser);
        Assert.True(App(deployment).SecurityContext.RunAsNonRoot);
    }

    [Fact]
    public void Restricted_pods_forbid_privilege_escalation()
    {
        Assert.False(App(Build()).SecurityContext.AllowPrivilegeEscalation);
        Assert.False(App(Build()).SecurityContext.Privileged);
    }

    [Fact]
    public void Restricted_pods_drop_all_capabilities_and_add_none()
    {
        var capabilities = App(Build()).SecurityContext.Capabilities;
        Assert.Equal(["ALL"], capabilities.Drop);
        Assert.Null(capabilities.Add);
    }

    [Fact]
    public void Restricted_pods_use_the_runtime_default_seccomp_profile()
    {
        var deployment = Build();
        Assert.Equal("RuntimeDefault", deployment.Spec.Template.Spec.SecurityContext.SeccompProfile.Type);
        Assert.Equal("RuntimeDefault", App(deployment).SecurityContext.SeccompProfile.Type);
    }

    [Fact]
    public void Restricted_pods_use_no_host_namespaces_ports_or_volumes()
    {
        var pod = Build().Spec.Template.Spec;
        Assert.NotEqual(true, pod.HostNetwork);
        Assert.NotEqual(true, pod.HostPID);
        Assert.NotEqual(true, pod.HostIPC);
        Assert.Null(pod.Volumes);
        Assert.All(App(Build()).Ports, p => Assert.Null(p.HostPort));
    }

    [Fact]
    public void Pods_have_a_read_only_root_filesystem_and_no_service_account_token()
    {
        var deployment = Build();
        Assert.True(App(deployment).SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(deployment.Spec.Template.Spec.AutomountServiceAccountToken);
    }

    [Fact]
    public void Building_is_pure_the_same_lab_gives_the_same_deployment()
    {
        var lab = LabFixtures.Lab();
        Assert.Equal(
            k8s.KubernetesJson.Serialize(LabDeployment.Build(lab, LabFixtures.OperatorImage)),
            k8s.KubernetesJson.Serialize(LabDeployment.Build(lab, LabFixtures.OperatorImage)));
    }
}
