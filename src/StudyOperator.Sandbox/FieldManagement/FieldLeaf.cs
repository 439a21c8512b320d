using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.FieldManagement;

/// <summary>
/// One owned field: its fieldsV1 path elements (<c>f:spec</c>, <c>k:{"name":"web"}</c>, <c>v:"x"</c>) and its value
/// (null for list elements themselves, compared by presence only).
/// </summary>
internal sealed record FieldLeaf(IReadOnlyList<string> Elements, JsonNode? Value, bool IsElement)
{
    public string Key => string.Join('\n', Elements);

    /// <summary>The path as the apiserver prints it in conflicts: <c>.spec.template.spec.containers[name="web"].image</c>.</summary>
    public string Pretty
    {
        get
        {
            var sb = new System.Text.StringBuilder();
            foreach (var e in Elements)
            {
                switch (e[..2])
                {
                    case "f:":
                        sb.Append('.').Append(e[2..]);
                        break;
                    case "k:":
                        var keys = JsonNode.Parse(e[2..])!.AsObject();
                        sb.Append('[').Append(string.Join(',', keys.Select(kv => $"{kv.Key}={kv.Value!.ToJsonString()}"))).Append(']');
                        break;
                    case "v:":
                        sb.Append("[=").Append(e[2..]).Append(']');
                        break;
                    default:
                        sb.Append('[').Append(e[2..]).Append(']');
                        break;
                }
            }

            return sb.ToString();
        }
    }
}
