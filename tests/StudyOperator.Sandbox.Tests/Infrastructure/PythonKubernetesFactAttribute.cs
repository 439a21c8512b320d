using System.Diagnostics;

namespace StudyOperator.Sandbox.Tests.Infrastructure;

/// <summary>A fact that needs the Debian python3-kubernetes client; skipped with a clear reason when it is absent.</summary>
public sealed class PythonKubernetesFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Interpreter = new(Find);

    public PythonKubernetesFactAttribute()
    {
        if (Interpreter.Value is null)
        {
            Skip = "the python3-kubernetes client is not installed (apt-get update && apt-get install -y python3-kubernetes)";
        }
    }

    public static string Python => Interpreter.Value ?? "python3";

    private static string? Find()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, ["-c", "import kubernetes"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
                process.WaitForExit(30_000);
                if (process.HasExited && process.ExitCode == 0)
                {
                    return candidate;
                }

                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed at this path.
            }
        }

        return null;
    }
}
