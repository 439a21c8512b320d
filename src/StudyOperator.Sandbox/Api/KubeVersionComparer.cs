using System.Globalization;
using System.Text.RegularExpressions;

namespace StudyOperator.Sandbox.Api;

/// <summary>Kubernetes version priority: GA before beta before alpha, higher numbers first, others alphabetically last.</summary>
internal sealed partial class KubeVersionComparer : IComparer<string>
{
    public static KubeVersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var a = Key(x ?? "");
        var b = Key(y ?? "");
        var c = a.Rank.CompareTo(b.Rank);
        if (c != 0)
        {
            return c;
        }

        c = b.Major.CompareTo(a.Major);
        if (c != 0)
        {
            return c;
        }

        c = b.Minor.CompareTo(a.Minor);
        return c != 0 ? c : string.CompareOrdinal(x, y);
    }

    private static (int Rank, int Major, int Minor) Key(string v)
    {
        var m = Pattern().Match(v);
        if (!m.Success)
        {
            return (3, 0, 0);
        }

        var major = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return (m.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 }, major, minor);
    }

    [GeneratedRegex("^v(\\d+)(?:(alpha|beta)(\\d+))?$")]
    private static partial Regex Pattern();
}
