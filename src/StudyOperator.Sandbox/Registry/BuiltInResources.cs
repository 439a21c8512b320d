using StudyOperator.Sandbox.CustomResources;
using StudyOperator.Sandbox.Strategies;

namespace StudyOperator.Sandbox.Registry;

/// <summary>The built-in kinds the project and kubectl need, as listed by a v1.32 apiserver's discovery.</summary>
internal static class BuiltInResources
{
    public static List<ResourceType> Create() =>
    [
        new("", "v1", "namespaces", "namespace", "Namespace", false, new NamespaceStrategy()) { ShortNames = ["ns"], HasStatus = true },
        new("", "v1", "nodes", "node", "Node", false, new NodeStrategy()) { ShortNames = ["no"], HasStatus = true },
        new("", "v1", "pods", "pod", "Pod", true, new PodStrategy()) { ShortNames = ["po"], Categories = ["all"], HasStatus = true, HasProxy = true, HasLog = true },
        new("", "v1", "services", "service", "Service", true, new ServiceStrategy()) { ShortNames = ["svc"], Categories = ["all"], HasStatus = true, HasProxy = true },
        new("", "v1", "endpoints", "endpoints", "Endpoints", true, SimpleStrategies.Endpoints) { ShortNames = ["ep"] },
        new("", "v1", "configmaps", "configmap", "ConfigMap", true, SimpleStrategies.ConfigMap) { ShortNames = ["cm"] },
        new("", "v1", "secrets", "secret", "Secret", true, SimpleStrategies.Secret),
        new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, SimpleStrategies.ServiceAccount) { ShortNames = ["sa"] },
        new("", "v1", "events", "event", "Event", true, new EventStrategy()) { ShortNames = ["ev"], StorageKey = "/events" },
        new("events.k8s.io", "v1", "events", "event", "Event", true, new EventsV1Strategy()) { ShortNames = ["ev"], StorageKey = "/events" },
        new("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, SimpleStrategies.EndpointSlice),
        new("apps", "v1", "deployments", "deployment", "Deployment", true, new DeploymentStrategy()) { ShortNames = ["deploy"], Categories = ["all"], HasStatus = true, HasScale = true },
        new("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, new ReplicaSetStrategy()) { ShortNames = ["rs"], Categories = ["all"], HasStatus = true, HasScale = true },
        new("batch", "v1", "jobs", "job", "Job", true, new JobStrategy()) { Categories = ["all"], HasStatus = true },
        new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, SimpleStrategies.Lease),
        new("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, ResourceStrategy.Generic),
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, SimpleStrategies.RoleBinding),
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, ResourceStrategy.Generic),
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, SimpleStrategies.RoleBinding),
        new("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, SimpleStrategies.PodDisruptionBudget) { ShortNames = ["pdb"], HasStatus = true },
        new("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, SimpleStrategies.NetworkPolicy) { ShortNames = ["netpol"] },
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, new CrdStrategy())
        {
            ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatus = true,
        },
    ];
}
