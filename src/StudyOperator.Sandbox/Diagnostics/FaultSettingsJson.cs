using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Diagnostics;

/// <summary>The JSON shape of <c>/sandbox/faults</c>.</summary>
internal static class FaultSettingsJson
{
    public static FaultSettings Parse(JsonObject body) => new()
    {
        ErrorRates = body["errorRates"] is JsonObject rates
            ? rates.ToDictionary(kv => kv.Key.ToUpperInvariant(), kv => kv.Value?.GetValue<double>() ?? 0, StringComparer.Ordinal)
            : new Dictionary<string, double>(),
        ErrorCode = body["errorCode"]?.GetValue<int>() ?? 500,
        ThrottleRate = body["throttleRate"]?.GetValue<double>() ?? 0,
        RetryAfterSeconds = body["retryAfterSeconds"]?.GetValue<int>() ?? 1,
        Latency = TimeSpan.FromMilliseconds(body["latencyMs"]?.GetValue<double>() ?? 0),
        DropWatchesEvery = TimeSpan.FromSeconds(body["dropWatchesEverySeconds"]?.GetValue<double>() ?? 0),
        ExpireResourceVersionsEvery = TimeSpan.FromSeconds(body["expireResourceVersionsEverySeconds"]?.GetValue<double>() ?? 0),
    };

    public static JsonObject Render(FaultSettings s)
    {
        var rates = new JsonObject();
        foreach (var (verb, rate) in s.ErrorRates)
        {
            rates[verb] = rate;
        }

        return new JsonObject
        {
            ["errorRates"] = rates,
            ["errorCode"] = s.ErrorCode,
            ["throttleRate"] = s.ThrottleRate,
            ["retryAfterSeconds"] = s.RetryAfterSeconds,
            ["latencyMs"] = s.Latency.TotalMilliseconds,
            ["dropWatchesEverySeconds"] = s.DropWatchesEvery.TotalSeconds,
            ["expireResourceVersionsEverySeconds"] = s.ExpireResourceVersionsEvery.TotalSeconds,
        };
    }
}
