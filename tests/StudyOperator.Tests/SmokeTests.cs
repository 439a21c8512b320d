namespace StudyOperator.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Test_project_runs() => Assert.True(typeof(SmokeTests).Assembly.GetName().Name == "StudyOperator.Tests");
}
