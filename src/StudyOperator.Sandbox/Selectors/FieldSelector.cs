using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Strategies;

namespace StudyOperator.Sandbox.Selectors;

/// <summary>Field selectors (<c>=</c>, <c>==</c>, <c>!=</c>, comma-separated) over the fields a kind supports.</summary>
internal sealed class FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> terms)
{
    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<(string Field, bool Equal, string Value)> Terms => terms;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            int idx;
            if ((idx = term.IndexOf("!=", StringComparison.Ordinal)) > 0)
            {
                result.Add((term[..idx], false, term[(idx + 2)..]));
            }
            else if ((idx = term.IndexOf("==", StringComparison.Ordinal)) > 0)
            {
                result.Add((term[..idx], true, term[(idx + 2)..]));
            }
            else if ((idx = term.IndexOf('=', StringComparison.Ordinal)) > 0)
            {
                result.Add((term[..idx], true, term[(idx + 1)..]));
            }
            else
            {
                throw StatusBodies.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }
        }

        return new FieldSelector(result);
    }

    /// <summary>400 <c>field label not supported</c> for a field the kind does not index.</summary>
    public void Check(ResourceStrategy strategy, JsonObject sample)
    {
        foreach (var (field, _, _) in terms)
        {
            if (strategy.FieldValue(sample, field) is null)
            {
                throw StatusBodies.BadRequest($"field label not supported: {field}");
            }
        }
    }

    public bool Matches(ResourceStrategy strategy, JsonObject obj) =>
        terms.All(t => (strategy.FieldValue(obj, t.Field) == t.Value) == t.Equal);
}
