using k8s.Models;

namespace StudyOperator.Workload;

/// <summary>
/// The security contexts of every pod the operator creates (demo app and probe Jobs), meeting the Kubernetes
/// "restricted" Pod Security profile: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp.
/// </summary>
internal static class RestrictedSecurity
{
    /// <summary>Non-root UID/GID of the distroless "nonroot" convention; the image needs no other user.</summary>
    public const long NonRootId = 65532;

    public static V1PodSecurityContext Pod() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = NonRootId,
        RunAsGroup = NonRootId,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext Container() => new()
    {
        AllowPrivilegeEscalation = false,
        Privileged = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };
}
