using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Selectors;

/// <summary>Label selectors in the string grammar of apimachinery labels/selector.go and as LabelSelector objects.</summary>
internal sealed class LabelSelector(IReadOnlyList<LabelRequirement> requirements)
{
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>A LabelSelector object with no requirements selects nothing when null, everything when empty.</summary>
    public static LabelSelector FromObject(JsonObject selector)
    {
        var reqs = new List<LabelRequirement>();
        if (selector["matchLabels"] is JsonObject labels)
        {
            reqs.AddRange(labels.Select(kv => new LabelRequirement(kv.Key, "=", [kv.Value?.ToString() ?? ""])));
        }

        if (selector["matchExpressions"] is JsonArray exprs)
        {
            foreach (var e in exprs.OfType<JsonObject>())
            {
                var values = e["values"] is JsonArray v ? v.Select(x => x?.ToString() ?? "").ToList() : [];
                var op = e.Str("operator") switch
                {
                    "In" => "in",
                    "NotIn" => "notin",
                    "Exists" => "exists",
                    _ => "!",
                };
                reqs.Add(new LabelRequirement(e.Str("key") ?? "", op, values));
            }
        }

        return new LabelSelector(reqs);
    }

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var reqs = new List<LabelRequirement>();
        foreach (var term in SplitTerms(text))
        {
            reqs.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(reqs);
    }

    public bool Matches(JsonObject? labels)
    {
        if (requirements.Count == 0)
        {
            return true;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is not null)
        {
            foreach (var (k, v) in labels)
            {
                map[k] = v?.ToString() ?? "";
            }
        }

        return requirements.All(r => r.Matches(map));
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static LabelRequirement ParseTerm(string term, string whole)
    {
        if (term.Length == 0)
        {
            throw Invalid(whole);
        }

        if (term[0] == '!')
        {
            return new LabelRequirement(term[1..].Trim(), "!", []);
        }

        foreach (var op in new[] { " notin ", " in " })
        {
            var idx = term.IndexOf(op, StringComparison.Ordinal);
            if (idx > 0)
            {
                var rest = term[(idx + op.Length)..].Trim();
                if (!rest.StartsWith('(') || !rest.EndsWith(')'))
                {
                    throw Invalid(whole);
                }

                var values = rest[1..^1].Split(',').Select(v => v.Trim()).ToList();
                return new LabelRequirement(term[..idx].Trim(), op.Trim(), values);
            }
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var idx = term.IndexOf(op, StringComparison.Ordinal);
            if (idx > 0)
            {
                return new LabelRequirement(term[..idx].Trim(), op, [term[(idx + op.Length)..].Trim()]);
            }
        }

        if (term.Contains(' ', StringComparison.Ordinal) || term.Contains('(', StringComparison.Ordinal))
        {
            throw Invalid(whole);
        }

        return new LabelRequirement(term, "exists", []);
    }

    private static ApiException Invalid(string text) => StatusBodies.BadRequest($"unable to parse requirement: found '{text}', expected: identifier");
}
