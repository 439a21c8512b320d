using StudyOperator.Sandbox.Schema;

namespace StudyOperator.Sandbox.Tests.Schema;

public sealed class SchemaParseTests
{
    private static string Rejection(string schema) =>
        Assert.Throws<SchemaException>(() => StructuralSchema.Parse(Json.Parse(schema))).Message;

    [Fact]
    public void A_property_without_type_is_not_structural()
    {
        Assert.Equal("openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields",
            Rejection("{'type':'object','properties':{'spec':{'properties':{}}}}"));
    }

    [Fact]
    public void Array_items_need_a_type_and_arrays_need_items()
    {
        Assert.Equal("openAPIV3Schema.properties[l].items.type: Required value: must not be empty for specified array items",
            Rejection("{'type':'object','properties':{'l':{'type':'array','items':{}}}}"));
        Assert.Equal("openAPIV3Schema.properties[l].items: Required value: must be specified",
            Rejection("{'type':'object','properties':{'l':{'type':'array'}}}"));
    }

    [Fact]
    public void The_root_must_be_an_object()
    {
        Assert.Contains("must be object at the root", Rejection("{'type':'string'}"));
        Assert.Contains("must not be empty at the root", Rejection("{'properties':{}}"));
    }

    [Fact]
    public void Properties_and_additionalProperties_are_exclusive()
    {
        Assert.Contains("additionalProperties and properties are mutual exclusive",
            Rejection("{'type':'object','properties':{'a':{'type':'string'}},'additionalProperties':{'type':'string'}}"));
    }

    [Fact]
    public void Unknown_types_and_refs_are_rejected()
    {
        Assert.Contains("Unsupported value: \"float\"", Rejection("{'type':'object','properties':{'a':{'type':'float'}}}"));
        Assert.Contains("$ref", Rejection("{'type':'object','properties':{'a':{'$ref':'#/x'}}}"));
    }

    [Fact]
    public void List_map_needs_keys()
    {
        Assert.Contains("x-kubernetes-list-map-keys: Required value",
            Rejection("{'type':'object','properties':{'l':{'type':'array','x-kubernetes-list-type':'map','items':{'type':'object'}}}}"));
    }

    [Fact]
    public void Preserve_unknown_fields_and_int_or_string_need_no_type()
    {
        StructuralSchema.Parse(Json.Parse("{'type':'object','properties':{'a':{'x-kubernetes-preserve-unknown-fields':true},'b':{'x-kubernetes-int-or-string':true}}}"));
    }

    [Fact]
    public void A_rule_that_does_not_compile_is_rejected_at_parse_time()
    {
        var message = Rejection("{'type':'object','x-kubernetes-validations':[{'rule':'self.a >'}]}");
        Assert.StartsWith("openAPIV3Schema.x-kubernetes-validations[0].rule: Invalid value: \"self.a >\": compilation failed", message);
        Assert.Contains("undeclared reference to 'foo'", Rejection("{'type':'object','x-kubernetes-validations':[{'rule':'foo == 1'}]}"));
    }

    [Fact]
    public void A_rule_field_path_must_name_a_field()
    {
        Assert.Contains("does not refer to a valid field",
            Rejection("{'type':'object','properties':{'a':{'type':'string'}},'x-kubernetes-validations':[{'rule':'true','fieldPath':'.b'}]}"));
    }

    [Fact]
    public void Invalid_patterns_are_rejected()
    {
        Assert.Contains("pattern: Invalid value", Rejection("{'type':'object','properties':{'a':{'type':'string','pattern':'('}}}"));
    }
}
