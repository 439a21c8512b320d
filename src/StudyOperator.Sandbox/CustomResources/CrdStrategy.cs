using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;
using StudyOperator.Sandbox.Strategies;

namespace StudyOperator.Sandbox.CustomResources;

/// <summary>CustomResourceDefinitions (apiextensions v1): defaulting of names and the validation clients trip over.</summary>
internal sealed class CrdStrategy : ResourceStrategy
{
    public override bool TracksGeneration => true;

    public override void Default(JsonObject obj)
    {
        var spec = Obj(obj, "spec");
        var names = Obj(spec, "names");
        if (names.Str("kind") is { } kind)
        {
            SetDefault(names, "singular", kind.ToLowerInvariant());
            SetDefault(names, "listKind", kind + "List");
        }

        SetDefault(spec, "conversion", new JsonObject { ["strategy"] = "None" });
        if (spec["versions"] is JsonArray versions)
        {
            foreach (var v in versions.OfType<JsonObject>())
            {
                if (v["subresources"] is JsonObject { Count: 0 })
                {
                    v.Remove("subresources");
                }
            }
        }
    }

    public override List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = base.Validate(obj, old);
        var group = obj.Str("spec", "group") ?? "";
        var plural = obj.Str("spec", "names", "plural") ?? "";
        if (group.Length == 0)
        {
            errors.Add(FieldError.Required("spec.group"));
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid("spec.group", Quote(group), "should be a domain with at least one dot"));
        }

        if (plural.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }

        if (string.IsNullOrEmpty(obj.Str("spec", "names", "kind")))
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }

        if (obj.Name() != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", Quote(obj.Name()), "must be spec.names.plural+\".\"+spec.group"));
        }

        var scope = obj.Str("spec", "scope");
        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(new FieldError("FieldValueNotSupported", "spec.scope", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\""));
        }

        var versions = obj.At("spec", "versions") as JsonArray ?? [];
        if (versions.Count == 0)
        {
            errors.Add(FieldError.Invalid("spec.versions", "null", "must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => v.At("storage") is JsonValue s && s.TryGetValue<bool>(out var sb) && sb) != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", "[]", "must have exactly one version marked as storage version"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i] is JsonObject version && version.At("schema", "openAPIV3Schema") is JsonObject schema)
            {
                errors.AddRange(CustomResourceSchemas.Check(schema, $"spec.versions[{i}].schema.openAPIV3Schema"));
            }
        }

        return errors;
    }
}
