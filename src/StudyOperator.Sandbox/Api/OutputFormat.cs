namespace StudyOperator.Sandbox.Api;

/// <summary>What the client asked to receive (Accept header, apiserver negotiation).</summary>
internal enum OutputFormat
{
    Object,
    Table,
    PartialObjectMetadata,
}
