namespace StudyOperator.Testing;

/// <summary>How a finished command ended and what it wrote.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"exit {ExitCode}; stdout: {Output.Trim()}; stderr: {Error.Trim()}";
}
