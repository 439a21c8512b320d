using StudyOperator.Sandbox.Schema;

namespace StudyOperator.Sandbox.Tests.Schema;

public sealed class OpenApiValidationTests
{
    private static IReadOnlyList<FieldError> Check(string propertySchema, string value)
    {
        var schema = StructuralSchema.Parse(Json.Parse(
            $"{{'type':'object','properties':{{'spec':{{'type':'object','properties':{{'app':{{'type':'object','properties':{{'x':{propertySchema}}}}}}}}}}}}}"));
        return schema.Validate(Json.Parse($"{{'spec':{{'app':{{'x':{value}}}}}}}"));
    }

    private static FieldError Single(string propertySchema, string value) => Assert.Single(Check(propertySchema, value));

    [Fact]
    public void Maximum_violation_has_the_apiserver_text()
    {
        var error = Single("{'type':'integer','maximum':10}", "50");
        Assert.Equal(new FieldError("FieldValueInvalid", "spec.app.x", "Invalid value: 50: spec.app.x in body should be less than or equal to 10"), error);
    }

    [Fact]
    public void Exclusive_maximum_and_minimum_use_strict_wording()
    {
        Assert.Equal("Invalid value: 10: spec.app.x in body should be less than 10",
            Single("{'type':'integer','maximum':10,'exclusiveMaximum':true}", "10").Message);
        Assert.Equal("Invalid value: 1: spec.app.x in body should be greater than 1",
            Single("{'type':'integer','minimum':1,'exclusiveMinimum':true}", "1").Message);
        Assert.Equal("Invalid value: 0: spec.app.x in body should be greater than or equal to 1",
            Single("{'type':'integer','minimum':1}", "0").Message);
        Assert.Empty(Check("{'type':'integer','minimum':1,'maximum':10}", "10"));
    }

    [Fact]
    public void Number_limits_print_like_go()
    {
        Assert.Equal("Invalid value: 2.5: spec.app.x in body should be less than or equal to 1.5",
            Single("{'type':'number','maximum':1.5}", "2.5").Message);
    }

    [Fact]
    public void MultipleOf_violation()
    {
        Assert.Equal("Invalid value: 7: spec.app.x in body should be a multiple of 5",
            Single("{'type':'integer','multipleOf':5}", "7").Message);
        Assert.Empty(Check("{'type':'integer','multipleOf':5}", "15"));
        Assert.Empty(Check("{'type':'number','multipleOf':0.5}", "1.5"));
    }

    [Fact]
    public void Wrong_type_is_a_type_invalid_cause()
    {
        var error = Single("{'type':'integer'}", "'three'");
        Assert.Equal(new FieldError("FieldValueTypeInvalid", "spec.app.x",
            "Invalid value: \"string\": spec.app.x in body must be of type integer: \"string\""), error);
        Assert.Equal("Invalid value: \"integer\": spec.app.x in body must be of type string: \"integer\"",
            Single("{'type':'string'}", "3").Message);
        Assert.Equal("Invalid value: \"array\": spec.app.x in body must be of type object: \"array\"",
            Single("{'type':'object'}", "[]").Message);
        Assert.Equal("Invalid value: \"number\": spec.app.x in body must be of type integer: \"number\"",
            Single("{'type':'integer'}", "1.5").Message);
        Assert.Empty(Check("{'type':'number'}", "1"));
        Assert.Empty(Check("{'type':'boolean'}", "false"));
    }

    [Fact]
    public void Null_is_rejected_unless_nullable()
    {
        Assert.Equal("Invalid value: \"null\": spec.app.x in body must be of type string: \"null\"",
            Single("{'type':'string'}", "null").Message);
        Assert.Empty(Check("{'type':'string','nullable':true}", "null"));
    }

    [Fact]
    public void Required_field_missing()
    {
        var schema = StructuralSchema.Parse(Json.Parse(
            "{'type':'object','properties':{'spec':{'type':'object','required':['app','language'],'properties':{'app':{'type':'object'},'language':{'type':'string'}}}}}"));
        var errors = schema.Validate(Json.Parse("{'spec':{}}"));
        Assert.Equal(
            [new FieldError("FieldValueRequired", "spec.app", "Required value"), new FieldError("FieldValueRequired", "spec.language", "Required value")],
            errors);
    }

    [Fact]
    public void Enum_violation_lists_supported_values()
    {
        var error = Single("{'type':'string','enum':['en','ko']}", "'fr'");
        Assert.Equal(new FieldError("FieldValueNotSupported", "spec.app.x", "Unsupported value: \"fr\": supported values: \"en\", \"ko\""), error);
        Assert.Equal("Unsupported value: 3: supported values: \"1\", \"2\"", Single("{'type':'integer','enum':[1,2]}", "3").Message);
        Assert.Empty(Check("{'type':'string','enum':['en','ko']}", "'ko'"));
    }

    [Fact]
    public void String_lengths_and_pattern()
    {
        Assert.Equal(new FieldError("FieldValueTooLong", "spec.app.x", "Too long: may not be more than 3 bytes"),
            Single("{'type':'string','maxLength':3}", "'abcd'"));
        Assert.Equal("Invalid value: \"a\": spec.app.x in body should be at least 2 chars long",
            Single("{'type':'string','minLength':2}", "'a'").Message);
        Assert.Equal("Invalid value: \"A1\": spec.app.x in body should match '^[a-z]+$'",
            Single("{'type':'string','pattern':'^[a-z]+$'}", "'A1'").Message);
        Assert.Empty(Check("{'type':'string','maxLength':2}", "'한국'"));
    }

    [Fact]
    public void Formats_are_checked_for_strings()
    {
        Assert.Equal(new FieldError("FieldValueTypeInvalid", "spec.app.x", "Invalid value: \"yesterday\": spec.app.x in body must be of type date-time: \"yesterday\""),
            Single("{'type':'string','format':'date-time'}", "'yesterday'"));
        Assert.Empty(Check("{'type':'string','format':'date-time'}", "'2024-05-01T10:00:00Z'"));
        Assert.Empty(Check("{'type':'string','format':'date-time'}", "'2024-05-01T10:00:00.123+02:00'"));
        Assert.Empty(Check("{'type':'integer','format':'int32'}", "5"));
        Assert.Empty(Check("{'type':'integer','format':'int64'}", "5000000000"));
        Assert.Single(Check("{'type':'string','format':'duration'}", "'soon'"));
        Assert.Empty(Check("{'type':'string','format':'duration'}", "'1h30m'"));
    }

    [Fact]
    public void Array_item_counts_and_uniqueness()
    {
        Assert.Equal(new FieldError("FieldValueTooMany", "spec.app.x", "Too many: 3: must have at most 2 items"),
            Single("{'type':'array','items':{'type':'integer'},'maxItems':2}", "[1,2,3]"));
        Assert.Equal("Invalid value: 1: spec.app.x in body should have at least 2 items",
            Single("{'type':'array','items':{'type':'integer'},'minItems':2}", "[1]").Message);
        Assert.Equal("Invalid value: \"\": spec.app.x in body shouldn't contain duplicates",
            Single("{'type':'array','items':{'type':'integer'},'uniqueItems':true}", "[1,1]").Message);
    }

    [Fact]
    public void Array_items_are_validated_with_indexed_paths()
    {
        var error = Single("{'type':'array','items':{'type':'object','properties':{'type':{'type':'string','enum':['A']}}}}", "[{'type':'A'},{'type':'B'}]");
        Assert.Equal("spec.app.x[1].type", error.Field);
        Assert.Equal("Unsupported value: \"B\": supported values: \"A\"", error.Message);
    }

    [Fact]
    public void Property_counts()
    {
        Assert.Equal(new FieldError("FieldValueTooMany", "spec.app.x", "Too many: 1: must have at most 1 items"),
            Single("{'type':'object','additionalProperties':{'type':'string'},'maxProperties':1}", "{'a':'1','b':'2'}"));
        Assert.Equal("Invalid value: 2: spec.app.x in body should have at least 2 properties",
            Single("{'type':'object','additionalProperties':{'type':'string'},'minProperties':2}", "{'a':'1'}").Message);
    }

    [Fact]
    public void AdditionalProperties_schema_validates_map_values()
    {
        var error = Single("{'type':'object','additionalProperties':{'type':'integer','maximum':5}}", "{'a':1,'b':9}");
        Assert.Equal("spec.app.x.b", error.Field);
        Assert.Equal("Invalid value: 9: spec.app.x.b in body should be less than or equal to 5", error.Message);
    }

    [Fact]
    public void Int_or_string_accepts_both_and_nothing_else()
    {
        const string schema = "{'x-kubernetes-int-or-string':true}";
        Assert.Empty(Check(schema, "80"));
        Assert.Empty(Check(schema, "'http'"));
        Assert.Equal("Invalid value: \"boolean\": spec.app.x in body must be of type integer,string: \"boolean\"", Single(schema, "true").Message);
    }

    [Fact]
    public void Combinators_report_without_field_like_the_apiserver()
    {
        const string schema = "{'type':'string','anyOf':[{'pattern':'^a'},{'pattern':'^b'}]}";
        var errors = Check(schema, "'c'");
        Assert.Equal(new FieldError("FieldValueInvalid", "", "Invalid value: \"\": spec.app.x in body must validate at least one schema (anyOf)"), errors[0]);
        Assert.Equal("Invalid value: \"c\": spec.app.x in body should match '^a'", errors[1].Message);
        Assert.Empty(Check(schema, "'b'"));

        Assert.Empty(Check("{'type':'integer','oneOf':[{'minimum':5},{'maximum':1}]}", "7"));
        Assert.Contains(Check("{'type':'integer','oneOf':[{'minimum':5},{'minimum':6}]}", "7"),
            e => e.Message == "Invalid value: \"\": spec.app.x in body must validate one and only one schema (oneOf)");
        Assert.Contains(Check("{'type':'integer','allOf':[{'minimum':5},{'maximum':6}]}", "7"),
            e => e.Message == "Invalid value: \"\": spec.app.x in body must validate all the schemas (allOf)");
        Assert.Equal("Invalid value: \"\": spec.app.x in body must not validate the schema (not)",
            Single("{'type':'string','not':{'enum':['x']}}", "'x'").Message);
    }

    [Fact]
    public void List_type_set_reports_duplicates()
    {
        var errors = Check("{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}}", "['a','b','a','a']");
        Assert.Equal([new FieldError("FieldValueDuplicate", "spec.app.x[2]", "Duplicate value: \"a\"")], errors);
    }

    [Fact]
    public void List_type_map_reports_duplicate_keys()
    {
        var errors = Check(
            "{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],'items':{'type':'object','properties':{'name':{'type':'string'},'v':{'type':'integer'}}}}",
            "[{'name':'a','v':1},{'name':'b'},{'name':'a','v':2}]");
        Assert.Equal([new FieldError("FieldValueDuplicate", "spec.app.x[2]", "Duplicate value: map[string]interface {}{\"name\":\"a\"}")], errors);
    }

    [Fact]
    public void Embedded_resources_need_kind_and_api_version()
    {
        var errors = Check("{'type':'object','x-kubernetes-embedded-resource':true,'x-kubernetes-preserve-unknown-fields':true}", "{'kind':'Pod'}");
        Assert.Equal([new FieldError("FieldValueRequired", "spec.app.x.apiVersion", "Required value: must not be empty")], errors);
    }

    [Fact]
    public void Description_is_ignored_and_a_valid_object_has_no_errors()
    {
        Assert.Empty(Check("{'type':'string','description':'anything'}", "'ok'"));
    }
}
