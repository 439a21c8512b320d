using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace StudyOperator.Sandbox.Schema;

/// <summary>
/// The string formats kube-openapi's default strfmt registry checks. Formats it does not know (int32, int64 on
/// strings, custom names) are accepted, as in Kubernetes.
/// </summary>
internal static partial class Formats
{
    public static bool IsValid(string format, string value) => format switch
    {
        "date-time" => IsDateTime(value),
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "duration" => DurationRegex().IsMatch(value),
        "uuid" => UuidRegex().IsMatch(value),
        "uuid3" or "uuid4" or "uuid5" => UuidRegex().IsMatch(value) && value[14] == format[4],
        "ipv4" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
        "ipv6" => value.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
        "cidr" => IsCidr(value),
        "mac" => MacRegex().IsMatch(value),
        "hostname" => value.Length <= 255 && HostnameRegex().IsMatch(value),
        "email" => EmailRegex().IsMatch(value),
        "byte" => value.Length % 4 == 0 && Convert.TryFromBase64String(value, new byte[value.Length], out _),
        "hexcolor" => HexColorRegex().IsMatch(value),
        "bsonobjectid" => BsonRegex().IsMatch(value),
        _ => true,
    };

    private static bool IsDateTime(string value)
    {
        var m = DateTimeRegex().Match(value);
        return m.Success
            && DateTime.TryParseExact(m.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && IPAddress.TryParse(value[..slash], out var ip)
            && int.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            && bits <= (ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
    }

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(@"^[-+]?((\d+(\.\d*)?|\.\d+)\s*(ns|us|µs|ms|s|m|h|d|w)\s*)+$")]
    private static partial Regex DurationRegex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidRegex();

    [GeneratedRegex("^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\\.){2}[0-9a-fA-F]{4}$")]
    private static partial Regex MacRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\.?$")]
    private static partial Regex HostnameRegex();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex EmailRegex();

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColorRegex();

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex BsonRegex();
}
