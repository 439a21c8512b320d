using System.Text.Json.Nodes;
using StudyOperator.Kube;

namespace StudyOperator.Tests.Kube;

public sealed class SemanticSubsetTests
{
    [Theory]
    [InlineData("""{"a":1}""", """{"a":1,"b":2}""", true)]
    [InlineData("""{"a":1}""", """{"a":1.0}""", true)]
    [InlineData("""{"a":1}""", """{"a":"1"}""", false)]
    [InlineData("""{"a":{"b":[1,{"c":2}]}}""", """{"a":{"b":[1,{"c":2,"d":3}]}}""", true)]
    [InlineData("""{"a":[1,2]}""", """{"a":[1,2,3]}""", false)]
    [InlineData("""{"a":1}""", """{}""", false)]
    [InlineData("""{"a":null}""", """{}""", true)]
    public void Desired_fields_must_match_and_live_may_carry_more(string desired, string live, bool expected)
    {
        Assert.Equal(expected, SemanticSubset.IsSubset(JsonNode.Parse(desired), JsonNode.Parse(live)));
    }

    [Fact]
    public void The_hash_ignores_key_order_and_sees_any_value_change()
    {
        Assert.Equal(DesiredStateHash.Of(JsonNode.Parse("""{"a":1,"b":[1,2]}""")!), DesiredStateHash.Of(JsonNode.Parse("""{"b":[1,2],"a":1}""")!));
        Assert.NotEqual(DesiredStateHash.Of(JsonNode.Parse("""{"a":1}""")!), DesiredStateHash.Of(JsonNode.Parse("""{"a":2}""")!));
    }
}
