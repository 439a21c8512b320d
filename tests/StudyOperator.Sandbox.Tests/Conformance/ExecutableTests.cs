using System.Diagnostics;
using System.Runtime.InteropServices;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>The <c>study-sandbox</c> executable: writes a kubeconfig once it serves and stops on SIGTERM, even with open watches.</summary>
public sealed class ExecutableTests
{
    [Fact]
    public async Task Executable_writes_a_kubeconfig_serves_and_stops_on_SIGTERM()
    {
        var directory = Directory.CreateTempSubdirectory("sandbox-exe-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        var dll = Path.Combine(AppContext.BaseDirectory, "study-sandbox.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--kubeconfig", kubeconfig, "--port", "0" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        try
        {
            await Eventually.True(() => File.Exists(kubeconfig), TimeSpan.FromSeconds(30), "the kubeconfig to be written");
            var yaml = await File.ReadAllTextAsync(kubeconfig);
            Assert.Contains("current-context: sandbox", yaml);
            var server = yaml.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("server: ", StringComparison.Ordinal))["server: ".Length..];
            Assert.StartsWith("http://127.0.0.1:", server);
            using var http = new HttpClient { BaseAddress = new Uri(server) };
            Assert.Contains("\"minor\":\"32\"", await http.GetStringAsync("/version"));

            using var watch = await http.GetAsync("/api/v1/namespaces?watch=true", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(0, Kill(process.Id, 15));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
