using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Schema;

namespace StudyOperator.Sandbox.Tests.Schema;

/// <summary>The whole pipeline (prune, default, validate) on a StudyLab-shaped CRD schema, as the sandbox apiserver runs it.</summary>
public sealed class StudyLabSchemaTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(Json.Parse("""
        {'type':'object','properties':{
          'apiVersion':{'type':'string'},'kind':{'type':'string'},'metadata':{'type':'object'},
          'spec':{'type':'object','required':['steps'],
            'x-kubernetes-validations':[{'rule':'!has(self.service) || self.service.type != `NodePort` || self.service.port >= 80','message':'NodePort needs port >= 80','fieldPath':'.service'}],
            'properties':{
              'app':{'type':'object','default':{},'properties':{
                'image':{'type':'string','default':''},
                'replicas':{'type':'integer','format':'int32','minimum':1,'maximum':10,'default':3},
                'version':{'type':'string','default':'v1','pattern':'^v[0-9]+$'},
                'readinessProbe':{'type':'boolean','default':true}}},
              'service':{'type':'object','properties':{'type':{'type':'string','enum':['ClusterIP','NodePort'],'default':'ClusterIP'},'port':{'type':'integer','default':80}}},
              'steps':{'type':'array','minItems':1,'maxItems':20,'items':{'type':'object','required':['type'],
                'x-kubernetes-validations':[{'rule':'self.type != `SelfHealing` || has(self.selfHealing)','messageExpression':'`step type ` + self.type + ` needs its parameters`'}],
                'properties':{
                  'type':{'type':'string','enum':['SelfHealing','LoadBalancing','Failover']},
                  'selfHealing':{'type':'object','properties':{'podsPerRound':{'type':'integer','minimum':1,'default':1},'rounds':{'type':'integer','minimum':1,'default':3}}}}}},
              'language':{'type':'string','enum':['en','ko'],'default':'en'}}},
          'status':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}
        """));

    private static (IReadOnlyList<string> Pruned, IReadOnlyList<FieldError> Errors, JsonNode Value) Admit(string json)
    {
        var value = Json.Parse(json);
        var pruned = Schema.Prune(value);
        Schema.ApplyDefaults(value);
        return (pruned, Schema.Validate(value), value);
    }

    [Fact]
    public void The_sample_lab_is_accepted_and_defaulted()
    {
        var (pruned, errors, value) = Admit("""
            {'apiVersion':'labs.study.dev/v1alpha1','kind':'StudyLab','metadata':{'name':'self-healing','namespace':'workshop'},
             'spec':{'app':{'replicas':3},'service':{'type':'ClusterIP','port':80},
                     'steps':[{'type':'SelfHealing','selfHealing':{'podsPerRound':1}},{'type':'LoadBalancing'},{'type':'Failover'}],'language':'en'}}
            """);
        Assert.Empty(pruned);
        Assert.Empty(errors);
        Assert.Equal("v1", (string)value["spec"]!["app"]!["version"]!);
        Assert.Equal(3, (int)value["spec"]!["steps"]![0]!["selfHealing"]!["rounds"]!);
    }

    [Fact]
    public void An_invalid_lab_gets_the_apiserver_status_message()
    {
        var (pruned, errors, _) = Admit("""
            {'apiVersion':'labs.study.dev/v1alpha1','kind':'StudyLab','metadata':{'name':'bad'},
             'spec':{'app':{'replicas':50,'colour':'red'},'service':{'type':'NodePort','port':30},'steps':[{'type':'SelfHealing'}],'language':'fr'}}
            """);
        Assert.Equal(["spec.app.colour"], pruned);
        Assert.Equal(
            "StudyLab.labs.study.dev \"bad\" is invalid: ["
            + "spec.app.replicas: Invalid value: 50: spec.app.replicas in body should be less than or equal to 10, "
            + "spec.language: Unsupported value: \"fr\": supported values: \"en\", \"ko\", "
            + "spec.service: Invalid value: \"object\": NodePort needs port >= 80, "
            + "spec.steps[0]: Invalid value: \"object\": step type SelfHealing needs its parameters]",
            FieldErrors.ToStatusMessage("StudyLab", "labs.study.dev", "bad", errors));
    }

    [Fact]
    public void Missing_steps_are_required()
    {
        var (_, errors, _) = Admit("{'apiVersion':'labs.study.dev/v1alpha1','kind':'StudyLab','metadata':{'name':'x'},'spec':{}}");
        Assert.Equal([new FieldError("FieldValueRequired", "spec.steps", "Required value")], errors);
    }

    [Fact]
    public void Status_keeps_unknown_fields()
    {
        var (pruned, errors, value) = Admit("{'apiVersion':'a/v1','kind':'StudyLab','metadata':{'name':'x'},'spec':{'steps':[{'type':'Failover'}]},'status':{'phase':'Running','anything':{'x':1}}}");
        Assert.Empty(pruned);
        Assert.Empty(errors);
        Assert.Equal(1, (int)value["status"]!["anything"]!["x"]!);
    }
}
