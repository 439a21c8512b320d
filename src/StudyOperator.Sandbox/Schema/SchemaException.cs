namespace StudyOperator.Sandbox.Schema;

/// <summary>The schema is not a valid structural schema (or a CEL rule in it does not compile).</summary>
public sealed class SchemaException : Exception
{
    public SchemaException()
    {
    }

    public SchemaException(string message)
        : base(message)
    {
    }

    public SchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
