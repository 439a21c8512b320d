namespace StudyOperator.Sandbox.Node;

/// <summary>The container could not be started at all (like a CRI StartError: missing executable, bad working directory).</summary>
internal sealed class ContainerStartException : Exception
{
    public ContainerStartException()
    {
    }

    public ContainerStartException(string message) : base(message)
    {
    }

    public ContainerStartException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
