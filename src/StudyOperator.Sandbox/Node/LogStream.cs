namespace StudyOperator.Sandbox.Node;

/// <summary>Which output stream of a container a log line came from.</summary>
internal enum LogStream
{
    Stdout,
    Stderr,
}
