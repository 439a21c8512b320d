using k8s.Models;

namespace StudyOperator.Sandbox.BuiltInSchemas;

/// <summary>The KubernetesClient model of each built-in kind whose unknown fields are detected.</summary>
internal static class BuiltInModels
{
    private static readonly Dictionary<(string Group, string Kind), Type> Models = new()
    {
        [("", "Namespace")] = typeof(V1Namespace),
        [("", "Node")] = typeof(V1Node),
        [("", "Pod")] = typeof(V1Pod),
        [("", "Service")] = typeof(V1Service),
        [("", "Endpoints")] = typeof(V1Endpoints),
        [("", "ConfigMap")] = typeof(V1ConfigMap),
        [("", "Secret")] = typeof(V1Secret),
        [("", "ServiceAccount")] = typeof(V1ServiceAccount),
        [("", "Event")] = typeof(Corev1Event),
        [("events.k8s.io", "Event")] = typeof(Eventsv1Event),
        [("discovery.k8s.io", "EndpointSlice")] = typeof(V1EndpointSlice),
        [("apps", "Deployment")] = typeof(V1Deployment),
        [("apps", "ReplicaSet")] = typeof(V1ReplicaSet),
        [("batch", "Job")] = typeof(V1Job),
        [("coordination.k8s.io", "Lease")] = typeof(V1Lease),
        [("rbac.authorization.k8s.io", "Role")] = typeof(V1Role),
        [("rbac.authorization.k8s.io", "RoleBinding")] = typeof(V1RoleBinding),
        [("rbac.authorization.k8s.io", "ClusterRole")] = typeof(V1ClusterRole),
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = typeof(V1ClusterRoleBinding),
        [("policy", "PodDisruptionBudget")] = typeof(V1PodDisruptionBudget),
        [("networking.k8s.io", "NetworkPolicy")] = typeof(V1NetworkPolicy),
    };

    /// <summary>The model, or null for kinds checked elsewhere (custom resources) or not at all (CRDs).</summary>
    public static Type? For(string group, string kind) => Models.GetValueOrDefault((group, kind));
}
