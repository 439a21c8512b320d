using static StudyOperator.Sandbox.Protobuf.ProtoKind;

namespace StudyOperator.Sandbox.Protobuf;

/// <summary>
/// Field numbers from k8s.io/api and apimachinery generated.proto for the kinds kubectl's typed clients create
/// (kubectl create namespace/configmap/secret/serviceaccount/deployment/service/job send protobuf bodies).
/// </summary>
internal static class ProtoSchemas
{
    private static readonly ProtoMessage OwnerReference = new ProtoMessage()
        .Add(1, "kind", Text).Add(3, "name", Text).Add(4, "uid", Text).Add(5, "apiVersion", Text).Add(6, "controller", Bool).Add(7, "blockOwnerDeletion", Bool);

    private static readonly ProtoMessage ObjectMeta = new ProtoMessage()
        .Add(1, "name", Text).Add(2, "generateName", Text).Add(3, "namespace", Text).Add(5, "uid", Text).Add(6, "resourceVersion", Text)
        .Add(7, "generation", Int).Add(8, "creationTimestamp", Time).Add(11, "labels", StringMap).Add(12, "annotations", StringMap)
        .Msg(13, "ownerReferences", OwnerReference, repeated: true).Add(14, "finalizers", Text, repeated: true);

    private static readonly ProtoMessage LabelSelectorRequirement = new ProtoMessage().Add(1, "key", Text).Add(2, "operator", Text).Add(3, "values", Text, repeated: true);

    private static readonly ProtoMessage LabelSelector = new ProtoMessage().Add(1, "matchLabels", StringMap).Msg(2, "matchExpressions", LabelSelectorRequirement, repeated: true);

    private static readonly ProtoMessage ContainerPort = new ProtoMessage()
        .Add(1, "name", Text).Add(2, "hostPort", Int).Add(3, "containerPort", Int).Add(4, "protocol", Text).Add(5, "hostIP", Text);

    private static readonly ProtoMessage EnvVar = new ProtoMessage().Add(1, "name", Text).Add(2, "value", Text);

    private static readonly ProtoMessage Empty = new();

    private static readonly ProtoMessage Container = new ProtoMessage()
        .Add(1, "name", Text).Add(2, "image", Text).Add(3, "command", Text, repeated: true).Add(4, "args", Text, repeated: true)
        .Add(5, "workingDir", Text).Msg(6, "ports", ContainerPort, repeated: true).Msg(7, "env", EnvVar, repeated: true).Msg(8, "resources", Empty)
        .Add(13, "terminationMessagePath", Text).Add(14, "imagePullPolicy", Text).Add(16, "stdin", Bool).Add(17, "stdinOnce", Bool).Add(18, "tty", Bool)
        .Add(20, "terminationMessagePolicy", Text);

    private static readonly ProtoMessage PodSpec = new ProtoMessage()
        .Msg(2, "containers", Container, repeated: true).Add(3, "restartPolicy", Text).Add(4, "terminationGracePeriodSeconds", Int)
        .Add(5, "activeDeadlineSeconds", Int).Add(6, "dnsPolicy", Text).Add(7, "nodeSelector", StringMap).Add(8, "serviceAccountName", Text)
        .Add(10, "nodeName", Text).Add(11, "hostNetwork", Bool).Add(19, "schedulerName", Text).Msg(20, "initContainers", Container, repeated: true)
        .Add(25, "priority", Int).Add(30, "enableServiceLinks", Bool);

    private static readonly ProtoMessage PodTemplateSpec = new ProtoMessage().Msg(1, "metadata", ObjectMeta).Msg(2, "spec", PodSpec);

    private static readonly ProtoMessage RollingUpdateDeployment = new ProtoMessage().Add(1, "maxUnavailable", IntOrString).Add(2, "maxSurge", IntOrString);

    private static readonly ProtoMessage DeploymentStrategy = new ProtoMessage().Add(1, "type", Text).Msg(2, "rollingUpdate", RollingUpdateDeployment);

    private static readonly ProtoMessage DeploymentSpec = new ProtoMessage()
        .Add(1, "replicas", Int).Msg(2, "selector", LabelSelector).Msg(3, "template", PodTemplateSpec).Msg(4, "strategy", DeploymentStrategy)
        .Add(5, "minReadySeconds", Int).Add(6, "revisionHistoryLimit", Int).Add(7, "paused", Bool).Add(9, "progressDeadlineSeconds", Int);

    private static readonly ProtoMessage JobSpec = new ProtoMessage()
        .Add(1, "parallelism", Int).Add(2, "completions", Int).Add(3, "activeDeadlineSeconds", Int).Msg(4, "selector", LabelSelector)
        .Add(5, "manualSelector", Bool).Msg(6, "template", PodTemplateSpec).Add(7, "backoffLimit", Int).Add(8, "ttlSecondsAfterFinished", Int)
        .Add(9, "completionMode", Text).Add(10, "suspend", Bool);

    private static readonly ProtoMessage ServicePort = new ProtoMessage()
        .Add(1, "name", Text).Add(2, "protocol", Text).Add(3, "port", Int).Add(4, "targetPort", IntOrString).Add(5, "nodePort", Int).Add(6, "appProtocol", Text);

    private static readonly ProtoMessage ServiceSpec = new ProtoMessage()
        .Msg(1, "ports", ServicePort, repeated: true).Add(2, "selector", StringMap).Add(3, "clusterIP", Text).Add(4, "type", Text)
        .Add(5, "externalIPs", Text, repeated: true).Add(7, "sessionAffinity", Text).Add(10, "externalName", Text);

    private static readonly ProtoMessage NamespaceSpec = new ProtoMessage().Add(1, "finalizers", Text, repeated: true);

    private static readonly ProtoMessage ObjectReference = new ProtoMessage().Add(1, "kind", Text).Add(2, "namespace", Text).Add(3, "name", Text);

    private static readonly ProtoMessage LocalObjectReference = new ProtoMessage().Add(1, "name", Text);

    /// <summary>The schema of a top-level kind, or null when the sandbox cannot decode it.</summary>
    public static ProtoMessage? For(string apiVersion, string kind) => (apiVersion, kind) switch
    {
        ("v1", "Namespace") => new ProtoMessage().Msg(1, "metadata", ObjectMeta).Msg(2, "spec", NamespaceSpec),
        ("v1", "ConfigMap") => new ProtoMessage().Msg(1, "metadata", ObjectMeta).Add(2, "data", StringMap).Add(3, "binaryData", BytesMap).Add(4, "immutable", Bool),
        ("v1", "Secret") => new ProtoMessage().Msg(1, "metadata", ObjectMeta).Add(2, "data", BytesMap).Add(3, "type", Text).Add(4, "stringData", StringMap).Add(5, "immutable", Bool),
        ("v1", "ServiceAccount") => new ProtoMessage().Msg(1, "metadata", ObjectMeta).Msg(2, "secrets", ObjectReference, repeated: true)
            .Msg(3, "imagePullSecrets", LocalObjectReference, repeated: true).Add(4, "automountServiceAccountToken", Bool),
        ("v1", "Service") => new ProtoMessage().Msg(1, "metadata", ObjectMeta).Msg(2, "spec", ServiceSpec),
        ("apps/v1", "Deployment") => new ProtoMessage().Msg(1, "metadata", ObjectMeta).Msg(2, "spec", DeploymentSpec),
        ("batch/v1", "Job") => new ProtoMessage().Msg(1, "metadata", ObjectMeta).Msg(2, "spec", JobSpec),
        _ => null,
    };
}
