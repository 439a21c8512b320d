using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using StudyOperator.Operator;
using StudyOperator.Yaml;

namespace StudyOperator.Tests.Manifests;

/// <summary>README's configuration reference is checked against the chart and the code, so it cannot drift.</summary>
public sealed class ReadmeReferenceTests
{
    /// <summary>The rows (cells without the outer bars) of the first table after a README heading.</summary>
    private static IReadOnlyList<string[]> TableRows(string heading)
    {
        var lines = File.ReadAllLines(RepositoryRoot.File("README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"README.md has no heading \"{heading}\"");
        return [.. lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith('#'))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal))
            .Skip(1) // the header row
            .Select(l => l.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())];
    }

    private static IEnumerable<string> SchemaLeaves(JsonNode schema, string prefix = "")
    {
        foreach (var (name, property) in schema["properties"]!.AsObject())
        {
            var path = prefix + name;
            var leaves = property!["properties"] is null ? [path] : SchemaLeaves(property, path + ".");
            foreach (var leaf in leaves)
            {
                yield return leaf;
            }
        }
    }

    private static IEnumerable<string> Scalars(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Scalars(p.Value)),
        JsonArray a => a.SelectMany(Scalars),
        null => [],
        _ => [node.ToString()],
    };

    [Fact]
    public void The_chart_values_table_lists_every_value_with_its_default()
    {
        var schema = JsonNode.Parse(File.ReadAllText(RepositoryRoot.File("charts", "study-operator", "values.schema.json")))!;
        var values = YamlDocuments.Parse(File.ReadAllText(RepositoryRoot.File("charts", "study-operator", "values.yaml")))[0];
        var rows = TableRows("### Chart values").ToDictionary(r => r[0].Trim('`'), r => r[1]);

        Assert.Equal(SchemaLeaves(schema).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, documented) in rows)
        {
            var value = path.Split('.').Aggregate((JsonNode?)values, (node, key) => node?[key]);
            var expected = value switch
            {
                JsonValue scalar => $"`{scalar}`",
                JsonArray { Count: 0 } => "`[]`",
                JsonObject { Count: 0 } => "`{}`",
                _ => null,
            };
            if (expected is not null)
            {
                Assert.True(expected == documented, $"README gives {path} the default {documented}; values.yaml has {expected}");
            }
            else
            {
                Assert.All(Scalars(value), s => Assert.Contains($"`{s}`", documented, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void The_operator_options_table_lists_every_flag_and_setting_with_its_default()
    {
        var root = new RootCommand();
        var before = root.Options.ToHashSet();
        OperatorCommand.Configure(root);
        var rows = TableRows("### Operator options");

        foreach (var option in root.Options.Where(o => !before.Contains(o)))
        {
            foreach (var name in option.Aliases.Prepend(option.Name))
            {
                Assert.True(rows.Any(r => r[0].Contains($"`{name}`", StringComparison.Ordinal)), $"README's operator options table lacks the flag {name}");
            }
        }

        var defaults = new OperatorOptions();
        foreach (var setting in typeof(OperatorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var variable = $"STUDYOPERATOR_{OperatorOptions.Section}__{setting.Name}";
            // A list setting is documented by its first element: STUDYOPERATOR_Operator__Namespaces__0.
            var row = rows.SingleOrDefault(r => r[1].Contains($"`{variable}`", StringComparison.Ordinal) || r[1].Contains($"`{variable}__", StringComparison.Ordinal));
            Assert.True(row is not null, $"README's operator options table lacks the environment variable {variable}");
            var expected = setting.GetValue(defaults) switch
            {
                int i => $"`{i.ToString(CultureInfo.InvariantCulture)}`",
                TimeSpan t => $"`{t.ToString("c", CultureInfo.InvariantCulture)}`",
                bool b => b ? "on" : "off",
                string { Length: > 0 } s => $"`{s}`",
                _ => null,
            };
            if (expected is not null)
            {
                Assert.True(row[2].Contains(expected, StringComparison.Ordinal), $"README gives {setting.Name} the default {row[2]}; the code has {expected}");
            }
        }
    }
}
