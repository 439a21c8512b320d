using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Schema;

/// <summary>Formats values the way Go's fmt does in apimachinery error texts (%v, %q, %#v).</summary>
internal static class GoFormat
{
    /// <summary>field.Error.ErrorBody's rendering of a bad value.</summary>
    public static string Value(object? value) => value switch
    {
        null => Quote("null"),
        JsonNode node => Value(JsonKinds.ToGo(node)),
        string s => Quote(s),
        bool b => b ? "true" : "false",
        long or int or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => Number(d),
        _ => SharpV(value),
    };

    /// <summary>Go %v of a float64.</summary>
    public static string Number(double d)
    {
        if (double.IsPositiveInfinity(d))
        {
            return "+Inf";
        }
        if (double.IsNegativeInfinity(d))
        {
            return "-Inf";
        }
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (d == Math.Floor(d) && Math.Abs(d) < 1e21)
        {
            return d.ToString("0", CultureInfo.InvariantCulture);
        }
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return r;
        }
        var mantissa = r[..e];
        var exponent = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        return $"{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
    }

    /// <summary>Go strconv.Quote.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (Rune.IsControl(rune) || rune.Value is 0xFFFD)
                    {
                        sb.Append(rune.Value > 0xFFFF ? $"\\U{rune.Value:x8}" : $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Go %#v of decoded JSON (map[string]interface {}, []interface {}, scalars).</summary>
    public static string SharpV(object? value) => value switch
    {
        null => "interface {}(nil)",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        long or int or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => Number(d),
        IReadOnlyDictionary<string, object?> map => "map[string]interface {}{"
            + string.Join(", ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{Quote(kv.Key)}:{SharpV(kv.Value)}"))
            + "}",
        IReadOnlyList<object?> list => "[]interface {}{" + string.Join(", ", list.Select(SharpV)) + "}",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
