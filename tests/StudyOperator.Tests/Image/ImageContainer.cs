using System.Text.RegularExpressions;

namespace StudyOperator.Tests.Image;

/// <summary>
/// A detached container of the image, started the way the chart runs pods: a non-root user, a read-only root
/// filesystem, no capabilities, no privilege escalation; on the host network, so loopback is shared with the test.
/// Disposing removes it (docker rm -f), whatever state it is in.
/// </summary>
internal sealed class ImageContainer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private ImageContainer(string name) => Name = name;

    /// <summary>Unique per test run, so parallel runs on one engine never meet.</summary>
    public string Name { get; }

    public static async Task<ImageContainer> StartAsync(string image, string role, IEnumerable<string> dockerArgs, IEnumerable<string> args)
    {
        var container = new ImageContainer($"study-image-{role}-{Guid.NewGuid():N}"[..32]);
        var run = await Command.DockerAsync(
            CommandTimeout,
            [
                "run", "--detach", "--name", container.Name, "--label", "study.dev/test=image",
                "--read-only", "--user", "65532:65532", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--network", "host", .. dockerArgs, image, .. args,
            ]);
        if (!run.Succeeded)
        {
            await container.DisposeAsync();
            Assert.Fail($"docker run of {image} failed: {run}");
        }

        return container;
    }

    /// <summary>stdout and stderr of the container so far.</summary>
    public async Task<string> LogsAsync()
    {
        var logs = await Command.DockerAsync(CommandTimeout, "logs", Name);
        return logs.Output + logs.Error;
    }

    /// <summary>Waits until the container logs a line <paramref name="pattern"/> matches and returns its first group.</summary>
    public async Task<Uri> AddressAsync(Regex pattern, TimeSpan timeout)
    {
        try
        {
            return await Eventually.Object(
                async () => pattern.Match(await LogsAsync()) is { Success: true } m ? new Uri(m.Groups[1].Value) : null,
                timeout,
                $"container {Name} logs its address ({pattern})",
                poll: TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException e)
        {
            var state = await Command.DockerAsync(CommandTimeout, "inspect", "--format", "{{.State.Status}} exit {{.State.ExitCode}}", Name);
            throw new TimeoutException($"{e.Message}; container {state.Output.Trim()}; logs: {await LogsAsync()}", e);
        }
    }

    public async ValueTask DisposeAsync() => await Command.DockerAsync(CommandTimeout, "rm", "--force", Name);
}
