using StudyOperator.Sandbox.Schema;

namespace StudyOperator.Sandbox.Tests.Schema;

public sealed class CelRuleTests
{
    private static StructuralSchema Spec(string rules, string extraProperties = "") => StructuralSchema.Parse(Json.Parse(
        "{'type':'object','properties':{'spec':{'type':'object','x-kubernetes-validations':" + rules + ",'properties':{"
        + "'min':{'type':'integer'},'max':{'type':'integer'},'name':{'type':'string'},"
        + "'steps':{'type':'array','items':{'type':'object','properties':{'type':{'type':'string'},'n':{'type':'integer'}}}},"
        + "'labels':{'type':'object','additionalProperties':{'type':'string'}}" + extraProperties + "}}}}"));

    [Fact]
    public void A_passing_rule_reports_nothing()
    {
        var schema = Spec("[{'rule':'self.min <= self.max'}]");
        Assert.Empty(schema.Validate(Json.Parse("{'spec':{'min':1,'max':2}}")));
    }

    [Fact]
    public void A_failing_rule_with_message()
    {
        var schema = Spec("[{'rule':'self.min <= self.max','message':'min must not exceed max'}]");
        var error = Assert.Single(schema.Validate(Json.Parse("{'spec':{'min':3,'max':2}}")));
        Assert.Equal(new FieldError("FieldValueInvalid", "spec", "Invalid value: \"object\": min must not exceed max"), error);
    }

    [Fact]
    public void A_failing_rule_without_message_names_the_rule()
    {
        var schema = Spec("[{'rule':' self.min <= self.max '}]");
        var error = Assert.Single(schema.Validate(Json.Parse("{'spec':{'min':3,'max':2}}")));
        Assert.Equal("Invalid value: \"object\": failed rule: self.min <= self.max", error.Message);
    }

    [Fact]
    public void MessageExpression_is_used_and_falls_back_to_message_when_it_fails()
    {
        var schema = Spec("[{'rule':'self.min <= self.max','message':'static','messageExpression':'`min ` + string(self.min) + ` > max ` + string(self.max)'}]");
        Assert.Equal("Invalid value: \"object\": min 3 > max 2",
            Assert.Single(schema.Validate(Json.Parse("{'spec':{'min':3,'max':2}}"))).Message);

        var broken = Spec("[{'rule':'self.min <= self.max','message':'static','messageExpression':'self.name'}]");
        Assert.Equal("Invalid value: \"object\": static",
            Assert.Single(broken.Validate(Json.Parse("{'spec':{'min':3,'max':2}}"))).Message);
    }

    [Fact]
    public void Reason_and_field_path_shape_the_cause()
    {
        var schema = Spec("[{'rule':'has(self.name)','message':'name is needed','reason':'FieldValueRequired','fieldPath':'.name'},"
            + "{'rule':'self.min >= 0','message':'no negatives','reason':'FieldValueForbidden','fieldPath':'.min'},"
            + "{'rule':'false','reason':'FieldValueDuplicate'}]");
        var errors = schema.Validate(Json.Parse("{'spec':{'min':-1}}"));
        Assert.Equal(
            [
                new FieldError("FieldValueRequired", "spec.name", "Required value: name is needed"),
                new FieldError("FieldValueForbidden", "spec.min", "Forbidden: no negatives"),
                new FieldError("FieldValueDuplicate", "spec", "Duplicate value: \"object\""),
            ],
            errors);
    }

    [Fact]
    public void Transition_rules_run_only_with_an_old_object()
    {
        var schema = Spec("[{'rule':'self.name == oldSelf.name','message':'name is immutable'}]");
        Assert.Empty(schema.Validate(Json.Parse("{'spec':{'name':'b'}}")));
        Assert.Empty(schema.Validate(Json.Parse("{'spec':{'name':'a'}}"), Json.Parse("{'spec':{'name':'a'}}")));
        var error = Assert.Single(schema.Validate(Json.Parse("{'spec':{'name':'b'}}"), Json.Parse("{'spec':{'name':'a'}}")));
        Assert.Equal("Invalid value: \"object\": name is immutable", error.Message);
    }

    [Fact]
    public void Rules_on_scalars_and_items_see_the_node_as_self()
    {
        var schema = StructuralSchema.Parse(Json.Parse(
            "{'type':'object','properties':{'steps':{'type':'array','items':{'type':'object','x-kubernetes-validations':[{'rule':'self.type != `Failover` || has(self.n)','message':'Failover needs n'}],"
            + "'properties':{'type':{'type':'string','x-kubernetes-validations':[{'rule':'self.size() <= 8'}]},'n':{'type':'integer'}}}}}}"));
        var errors = schema.Validate(Json.Parse("{'steps':[{'type':'Failover','n':1},{'type':'Failover'},{'type':'TooLongName'}]}"));
        Assert.Equal(
            [
                new FieldError("FieldValueInvalid", "steps[1]", "Invalid value: \"object\": Failover needs n"),
                new FieldError("FieldValueInvalid", "steps[2].type", "Invalid value: \"string\": failed rule: self.size() <= 8"),
            ],
            errors);
    }

    [Fact]
    public void Rules_are_skipped_for_absent_values()
    {
        var schema = StructuralSchema.Parse(Json.Parse(
            "{'type':'object','properties':{'a':{'type':'string','x-kubernetes-validations':[{'rule':'self == `x`'}]}}}"));
        Assert.Empty(schema.Validate(Json.Parse("{}")));
        Assert.Single(schema.Validate(Json.Parse("{'a':'y'}")));
    }

    [Fact]
    public void Runtime_errors_become_invalid_causes()
    {
        var schema = Spec("[{'rule':'self.name == `x`'}]");
        var error = Assert.Single(schema.Validate(Json.Parse("{'spec':{}}")));
        Assert.Equal("Invalid value: \"object\": no such key: name evaluating rule: self.name == 'x'", error.Message);
    }

    [Fact]
    public void Macros_over_lists_and_maps()
    {
        var schema = Spec("[{'rule':'self.steps.all(s, s.n > 0)','message':'positive'},"
            + "{'rule':'self.steps.exists_one(s, s.type == `A`)','message':'one A'},"
            + "{'rule':'self.labels.all(k, k.startsWith(`l-`) && self.labels[k].size() < 4)','message':'labels'},"
            + "{'rule':'self.steps.map(s, s.n).filter(n, n > 5).size() == 0','message':'small'}]");
        Assert.Empty(schema.Validate(Json.Parse("{'spec':{'steps':[{'type':'A','n':1},{'type':'B','n':2}],'labels':{'l-a':'v'}}}")));
        var errors = schema.Validate(Json.Parse("{'spec':{'steps':[{'type':'A','n':0},{'type':'A','n':9}],'labels':{'x':'v'}}}"));
        Assert.Equal(["Invalid value: \"object\": positive", "Invalid value: \"object\": one A", "Invalid value: \"object\": labels", "Invalid value: \"object\": small"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void Transition_rules_correlate_list_map_items_by_key()
    {
        var schema = StructuralSchema.Parse(Json.Parse(
            "{'type':'object','properties':{'l':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['k'],"
            + "'items':{'type':'object','x-kubernetes-validations':[{'rule':'self.v >= oldSelf.v','message':'no decrease'}],'properties':{'k':{'type':'string'},'v':{'type':'integer'}}}}}}"));
        var errors = schema.Validate(
            Json.Parse("{'l':[{'k':'b','v':1},{'k':'a','v':5},{'k':'c','v':0}]}"),
            Json.Parse("{'l':[{'k':'a','v':4},{'k':'b','v':2}]}"));
        Assert.Equal([new FieldError("FieldValueInvalid", "l[0]", "Invalid value: \"object\": no decrease")], errors);
    }
}
