using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Patching;

namespace StudyOperator.Sandbox.Tests.Unit;

public sealed class PatchTests
{
    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    private static void Same(string expected, JsonNode? actual) => Assert.True(JsonNode.DeepEquals(J(expected), actual), actual?.ToJsonString());

    [Fact]
    public void Merge_patch_follows_RFC_7386()
    {
        Same("""{"a":"z","c":{"d":"e"}}""", MergePatch.Apply(J("""{"a":"b","c":{"d":"e","f":"g"}}"""), J("""{"a":"z","c":{"f":null}}""")));
        Same("""{"list":[3]}""", MergePatch.Apply(J("""{"list":[1,2]}"""), J("""{"list":[3]}""")));
    }

    [Fact]
    public void Json_patch_supports_every_operation()
    {
        var doc = J("""{"a":{"b":[1,2]},"c":"d"}""");
        var patched = JsonPatch.Apply(doc, J("""
            [{"op":"add","path":"/a/b/1","value":9},{"op":"add","path":"/a/b/-","value":3},{"op":"remove","path":"/c"},
             {"op":"copy","from":"/a/b","path":"/copy"},{"op":"move","from":"/copy","path":"/moved"},{"op":"replace","path":"/a/b/0","value":0},
             {"op":"add","path":"/x~1y","value":true},{"op":"test","path":"/moved/1","value":9}]
            """));
        Same("""{"a":{"b":[0,9,2,3]},"moved":[1,9,2,3],"x/y":true}""", patched);
        Assert.Equal(422, Assert.Throws<ApiException>(() => JsonPatch.Apply(doc, J("""[{"op":"replace","path":"/missing","value":1}]"""))).Code);
    }

    [Fact]
    public void Strategic_merge_patch_merges_keyed_lists_and_honours_directives()
    {
        var doc = J("""{"containers":[{"name":"a","image":"1","env":[{"name":"X","value":"1"}]},{"name":"b","image":"2"}],"finalizers":["f1"],"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}""");
        var patched = StrategicMergePatch.Apply(doc, J("""
            {"containers":[{"name":"b","image":"3"},{"name":"c","image":"4"}],"finalizers":["f2"],
             "$setElementOrder/containers":[{"name":"c"},{"name":"a"},{"name":"b"}],
             "strategy":{"$retainKeys":["type"],"type":"Recreate"}}
            """));
        Same("""{"containers":[{"name":"c","image":"4"},{"name":"a","image":"1","env":[{"name":"X","value":"1"}]},{"name":"b","image":"3"}],"finalizers":["f1","f2"],"strategy":{"type":"Recreate"}}""", patched);
        Same("""{"containers":[{"name":"z"}]}""", StrategicMergePatch.Apply(doc, J("""{"containers":[{"name":"z"},{"$patch":"replace"}],"finalizers":null,"strategy":null}""")));
        Same("""{"finalizers":["f1"]}""", StrategicMergePatch.Apply(J("""{"finalizers":["f1","f2"]}"""), J("""{"$deleteFromPrimitiveList/finalizers":["f2"]}""")));
        Same("""{"spec":{"x":1}}""", StrategicMergePatch.Apply(J("""{"spec":{"a":1}}"""), J("""{"spec":{"$patch":"replace","x":1}}""")));
    }

    [Fact]
    public void Strategic_merge_patch_keys_container_ports_by_containerPort_and_service_ports_by_port()
    {
        Same("""{"ports":[{"containerPort":80,"name":"web"},{"containerPort":90}]}""",
            StrategicMergePatch.Apply(J("""{"ports":[{"containerPort":80}]}"""), J("""{"ports":[{"containerPort":80,"name":"web"},{"containerPort":90}]}""")));
        Same("""{"ports":[{"port":80,"targetPort":8080}]}""",
            StrategicMergePatch.Apply(J("""{"ports":[{"port":80,"targetPort":80}]}"""), J("""{"ports":[{"port":80,"targetPort":8080}]}""")));
    }
}
