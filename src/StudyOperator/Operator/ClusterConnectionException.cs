namespace StudyOperator.Operator;

/// <summary>The operator cannot reach or even locate its cluster; the message is meant for the user as is.</summary>
public sealed class ClusterConnectionException : Exception
{
    public ClusterConnectionException()
    {
    }

    public ClusterConnectionException(string message)
        : base(message)
    {
    }

    public ClusterConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
