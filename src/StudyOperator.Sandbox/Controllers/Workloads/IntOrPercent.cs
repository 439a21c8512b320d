using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>apimachinery intstr.GetScaledValueFromIntOrPercent.</summary>
internal static class IntOrPercent
{
    public static long Scaled(JsonNode? value, long total, bool roundUp)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            if (s.EndsWith('%') && long.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
            {
                var exact = percent * total / 100.0;
                return (long)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
            }

            return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        return value.Long() ?? 0;
    }
}
