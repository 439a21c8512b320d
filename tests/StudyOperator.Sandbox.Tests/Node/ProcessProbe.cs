namespace StudyOperator.Sandbox.Tests.Node;

/// <summary>Looks at /proc to tell whether a process still runs (a zombie no longer runs anything).</summary>
internal static class ProcessProbe
{
    public static bool IsRunning(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        // Field 3 follows the parenthesised command name, which may itself contain spaces.
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }
}
