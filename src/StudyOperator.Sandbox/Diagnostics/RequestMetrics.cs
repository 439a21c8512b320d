using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace StudyOperator.Sandbox.Diagnostics;

/// <summary><c>apiserver_request_total</c> in Prometheus text format, with the apiserver's label set.</summary>
internal sealed class RequestMetrics
{
    private readonly ConcurrentDictionary<(string Verb, string Group, string Version, string Resource, string Subresource, int Code), long> counts = new();

    public void Record(string verb, string group, string version, string resource, string subresource, int code) =>
        counts.AddOrUpdate((verb, group, version, resource, subresource, code), 1, (_, n) => n + 1);

    public long Count(string verb, string resource, string subresource = "", int? code = null) =>
        counts.Where(kv => kv.Key.Verb == verb && kv.Key.Resource == resource && kv.Key.Subresource == subresource && (code is null || kv.Key.Code == code)).Sum(kv => kv.Value);

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.\n");
        sb.Append("# TYPE apiserver_request_total counter\n");
        foreach (var (key, value) in counts.OrderBy(k => k.Key.Resource, StringComparer.Ordinal).ThenBy(k => k.Key.Verb, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"apiserver_request_total{{code=\"{key.Code}\",component=\"apiserver\",group=\"{key.Group}\",resource=\"{key.Resource}\",subresource=\"{key.Subresource}\",verb=\"{key.Verb}\",version=\"{key.Version}\"}} {value}\n");
        }

        return sb.ToString();
    }
}
