using System.Globalization;
using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.CustomResources;

/// <summary>
/// The simple JSONPath subset that printer columns and selectable fields use: <c>.a.b</c>, <c>[0]</c>, <c>[*]</c>,
/// <c>['key']</c> and filters <c>[?(@.type=="Ready")]</c>.
/// </summary>
internal static class JsonPathExpression
{
    public static List<JsonNode?> Evaluate(JsonNode? root, string path)
    {
        var expr = path.Trim();
        if (expr.StartsWith('{') && expr.EndsWith('}'))
        {
            expr = expr[1..^1];
        }

        if (expr.StartsWith('$'))
        {
            expr = expr[1..];
        }

        var current = new List<JsonNode?> { root };
        var i = 0;
        while (i < expr.Length && current.Count > 0)
        {
            if (expr[i] == '.')
            {
                i++;
                var start = i;
                while (i < expr.Length && expr[i] != '.' && expr[i] != '[')
                {
                    i++;
                }

                var name = expr[start..i];
                if (name.Length == 0)
                {
                    continue;
                }

                current = current.Select(n => n is JsonObject o ? o[name] : null).Where(n => n is not null).ToList();
            }
            else if (expr[i] == '[')
            {
                var end = expr.IndexOf(']', i);
                if (end < 0)
                {
                    return [];
                }

                var inner = expr[(i + 1)..end];
                i = end + 1;
                current = Index(current, inner);
            }
            else
            {
                return [];
            }
        }

        return current;
    }

    private static List<JsonNode?> Index(List<JsonNode?> current, string inner)
    {
        if (inner == "*")
        {
            return current.SelectMany(n => n switch
            {
                JsonArray a => a.AsEnumerable(),
                JsonObject o => o.Select(kv => kv.Value),
                _ => [],
            }).Where(n => n is not null).ToList();
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var condition = inner[2..^1];
            var op = condition.Contains("!=", StringComparison.Ordinal) ? "!=" : "==";
            var parts = condition.Split(op, 2);
            var left = parts[0].Trim().TrimStart('@');
            var right = parts.Length > 1 ? parts[1].Trim().Trim('"', '\'') : null;
            return current.SelectMany(n => n is JsonArray a ? a.AsEnumerable() : []).Where(e =>
            {
                var found = Evaluate(e, left);
                if (right is null)
                {
                    return found.Count > 0;
                }

                var matches = found.Any(f => f is JsonValue v && v.ToString() == right);
                return op == "==" ? matches : !matches;
            }).ToList();
        }

        if ((inner.StartsWith('\'') && inner.EndsWith('\'')) || (inner.StartsWith('"') && inner.EndsWith('"')))
        {
            var key = inner[1..^1];
            return current.Select(n => n is JsonObject o ? o[key] : null).Where(n => n is not null).ToList();
        }

        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            return current.Select(n => n is JsonArray a && (index < 0 ? a.Count + index : index) is var at && at >= 0 && at < a.Count ? a[at] : null)
                .Where(n => n is not null).ToList();
        }

        return [];
    }
}
