using k8s.Models;

namespace StudyOperator.Labs;

/// <summary>Create a probe Job; an existing Job of that name (409) means an earlier pass already did it.</summary>
internal sealed record CreateJobAction(V1Job Job) : LabAction;
