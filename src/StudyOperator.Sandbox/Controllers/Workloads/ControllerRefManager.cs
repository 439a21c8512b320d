using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Selectors;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// controller.BaseControllerRefManager.ClaimObject: a controller adopts orphans its selector matches (adding its
/// controller reference) and releases objects it controls that its selector no longer matches.
/// </summary>
internal sealed class ControllerRefManager(ResourceService service)
{
    /// <summary>The candidates the owner controls after claiming (adoptions and releases written).</summary>
    public List<JsonObject> Claim(ResourceType dependentType, JsonObject owner, string apiVersion, string kind, IEnumerable<JsonObject> candidates)
    {
        var selector = owner.At("spec", "selector") is JsonObject s ? LabelSelector.FromObject(s) : null;
        var ownerTerminating = owner.IsTerminating();
        var claimed = new List<JsonObject>();
        foreach (var candidate in candidates)
        {
            var matches = selector is not null && selector.Matches(candidate.Labels());
            var controllerRef = Pods.ControllerRef(candidate);
            if (controllerRef is not null)
            {
                if (controllerRef.Str("uid") != owner.Uid())
                {
                    continue;
                }

                if (matches)
                {
                    claimed.Add(candidate);
                }
                else if (!ownerTerminating)
                {
                    service.Mutate(dependentType, candidate.Ns(), candidate.Name(), o => RemoveRef(o, owner.Uid()!));
                }

                continue;
            }

            if (ownerTerminating || !matches || candidate.IsTerminating() || candidate.Ns() != owner.Ns())
            {
                continue;
            }

            service.Mutate(dependentType, candidate.Ns(), candidate.Name(), o =>
            {
                var refs = o.Meta()["ownerReferences"] as JsonArray ?? [];
                refs.Add(Pods.NewControllerRef(owner, apiVersion, kind));
                o.Meta()["ownerReferences"] = refs;
            });
            if (service.Store.Get(dependentType.EffectiveStorageKey, candidate.Ns(), candidate.Name()) is { } adopted)
            {
                claimed.Add(adopted);
            }
        }

        return claimed;
    }

    private static void RemoveRef(JsonObject obj, string uid)
    {
        if (obj.At("metadata", "ownerReferences") is not JsonArray refs)
        {
            return;
        }

        var kept = refs.OfType<JsonObject>().Where(r => r.Str("uid") != uid).Select(r => (JsonNode?)r.DeepClone()).ToArray();
        if (kept.Length == 0)
        {
            obj.Meta().Remove("ownerReferences");
        }
        else
        {
            obj.Meta()["ownerReferences"] = new JsonArray(kept);
        }
    }
}
