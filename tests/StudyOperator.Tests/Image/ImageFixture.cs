using System.Diagnostics;

namespace StudyOperator.Tests.Image;

/// <summary>
/// Builds the image once for the image tests, from the real Dockerfile, without a registry
/// (hack/docker-build-offline.sh: a debootstrap base, a host-side publish, the Dockerfile's runtime stage).
/// Without a usable Docker engine the tests are skipped, unless STUDY_IMAGE_TEST=required (CI), where that is a failure.
/// </summary>
public sealed class ImageFixture : IAsyncLifetime
{
    public const string RequiredVariable = "STUDY_IMAGE_TEST";
    private const string BaseImage = "study-operator-base:bookworm";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan QuickTimeout = TimeSpan.FromSeconds(30);

    private readonly string _tag = $"study-operator:image-test-{Guid.NewGuid():N}"[..37];
    private string? _failure;

    /// <summary>Why the image tests cannot run here; null when they can (or must).</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The built image; fails the calling test when the build did.</summary>
    public string Image => _failure is null ? _tag : throw new InvalidOperationException(_failure);

    public TimeSpan BuildTime { get; private set; }

    public static bool Required => string.Equals(Environment.GetEnvironmentVariable(RequiredVariable), "required", StringComparison.OrdinalIgnoreCase);

    public async Task InitializeAsync()
    {
        if (await UnusableBecauseAsync() is { } reason)
        {
            if (Required)
            {
                _failure = $"{RequiredVariable}=required but {reason}";
            }
            else
            {
                SkipReason = $"{reason} (set {RequiredVariable}=required to make this a failure)";
            }

            return;
        }

        var watch = Stopwatch.StartNew();
        var environment = new Dictionary<string, string>();
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet)
        {
            environment["DOTNET"] = dotnet;
        }

        var build = await Command.RunAsync("bash", ["hack/docker-build-offline.sh", _tag], BuildTimeout, environment);
        BuildTime = watch.Elapsed;
        if (!build.Succeeded)
        {
            _failure = $"hack/docker-build-offline.sh {_tag} failed: {build}";
        }
    }

    /// <summary>Null when a Docker engine answers and the base image exists or can be built here.</summary>
    private static async Task<string?> UnusableBecauseAsync()
    {
        var info = await Command.TryRunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], QuickTimeout);
        if (info is null)
        {
            return "no docker client on PATH";
        }

        if (!info.Succeeded)
        {
            return $"no Docker engine answers ({info.Error.Trim()})";
        }

        var baseImage = await Command.DockerAsync(QuickTimeout, "image", "inspect", "--format", "{{.Id}}", BaseImage);
        if (!baseImage.Succeeded)
        {
            var debootstrap = await Command.TryRunAsync("debootstrap", ["--version"], QuickTimeout);
            if (debootstrap is null || Environment.UserName != "root")
            {
                return $"the base image {BaseImage} is missing and cannot be built here (hack/docker-base.sh needs root and debootstrap)";
            }
        }

        return null;
    }

    public async Task DisposeAsync()
    {
        if (SkipReason is null)
        {
            await Command.DockerAsync(QuickTimeout, "image", "rm", "--force", _tag);
        }
    }
}
