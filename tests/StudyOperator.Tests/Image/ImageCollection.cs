namespace StudyOperator.Tests.Image;

/// <summary>
/// The image tests share one build, and run alone: the build (debootstrap, a Release publish) takes both cores for
/// a while, which would only make the timing-sensitive tests of other classes slower.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImageCollection : ICollectionFixture<ImageFixture>
{
    public const string Name = "Image";
}
