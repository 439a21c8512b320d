namespace StudyOperator.Tests.Manifests;

/// <summary>
/// What an authorizer sees of one request (k8s.io/apiserver's RequestInfo): either a resource request (API group,
/// resource, subresource, namespace, name, verb) or a non-resource URL with the lower-cased HTTP method as verb.
/// </summary>
internal sealed record RequestAttributes(
    bool IsResourceRequest,
    string Verb,
    string ApiGroup,
    string Resource,
    string Subresource,
    string Namespace,
    string Name,
    string Path)
{
    /// <summary>The resource as RBAC rules name it: <c>pods</c> or <c>pods/proxy</c>.</summary>
    public string RbacResource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";

    /// <summary>The request in one line, as an RBAC rule would have to allow it.</summary>
    public string Describe() => IsResourceRequest
        ? $"{Verb} {(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{RbacResource}{(Namespace.Length == 0 ? " (all namespaces)" : $" in namespace {Namespace}")}"
        : $"{Verb} non-resource URL {Path}";
}
