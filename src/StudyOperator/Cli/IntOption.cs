using System.CommandLine;
using System.Globalization;

namespace StudyOperator.Cli;

/// <summary>A whole-number option whose parse error names the option in plain words.</summary>
internal static class IntOption
{
    public static Option<int?> Create(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            result.AddError($"{name} takes a whole number, got '{text}'");
            return null;
        },
    };
}
