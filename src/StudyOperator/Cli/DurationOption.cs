using System.CommandLine;

namespace StudyOperator.Cli;

/// <summary>An option that takes a duration like "30s", "500ms" or "1m30s".</summary>
internal static class DurationOption
{
    public static Option<TimeSpan?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (Durations.TryParse(text, out var value))
                return value;
            result.AddError($"{name} takes a duration like 500ms, 30s, 2m or 1m30s, got '{text}'");
            return null;
        },
    };
}
