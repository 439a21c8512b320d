using System.Globalization;
using System.Text.RegularExpressions;

namespace StudyOperator.Cli;

/// <summary>Parses durations the way kubectl and Go write them ("500ms", "30s", "2m", "1m30s", "1h").</summary>
internal static partial class Durations
{
    [GeneratedRegex(@"\G(\d+)(ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        text = text.Trim();
        if (text == "0")
            return true;

        var position = 0;
        var total = TimeSpan.Zero;
        while (position < text.Length)
        {
            var match = Part().Match(text, position);
            if (!match.Success)
                return false;
            if (!long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || amount > 1_000_000_000)
                return false;
            total += match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
            position += match.Length;
        }

        value = total;
        return true;
    }

    /// <summary>Formats a duration in the same notation, for help texts and messages.</summary>
    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds % 1000 != 0 ? $"{(long)value.TotalMilliseconds}ms"
        : value.TotalSeconds % 60 != 0 || value == TimeSpan.Zero ? $"{(long)value.TotalSeconds}s"
        : value.TotalMinutes % 60 != 0 ? $"{(long)value.TotalMinutes}m"
        : $"{(long)value.TotalHours}h";
}
