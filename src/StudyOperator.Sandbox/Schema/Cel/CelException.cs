namespace StudyOperator.Sandbox.Schema.Cel;

/// <summary>A CEL parse error or a runtime error value (no such key, division by zero, no such overload...).</summary>
internal sealed class CelException : Exception
{
    public CelException()
    {
    }

    public CelException(string message)
        : base(message)
    {
    }

    public CelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
