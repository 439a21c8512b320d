namespace StudyOperator.Sandbox.Api;

/// <summary>Accept and Content-Type negotiation: JSON only, Tables and PartialObjectMetadata as JSON variants.</summary>
internal static class MediaTypes
{
    /// <summary>The first acceptable entry of the Accept list wins; 406 when none is JSON.</summary>
    public static OutputFormat Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return OutputFormat.Object;
        }

        foreach (var entry in accept.Split(','))
        {
            var parts = entry.Split(';');
            var type = parts[0].Trim().ToLowerInvariant();
            if (type is not ("application/json" or "application/*" or "*/*"))
            {
                continue;
            }

            var parameters = parts.Skip(1)
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
            if (!parameters.TryGetValue("as", out var target))
            {
                return OutputFormat.Object;
            }

            var group = parameters.GetValueOrDefault("g");
            var version = parameters.GetValueOrDefault("v");
            if (group != "meta.k8s.io" || version is not ("v1" or "v1beta1"))
            {
                continue;
            }

            switch (target)
            {
                case "Table":
                    return OutputFormat.Table;
                case "PartialObjectMetadata" or "PartialObjectMetadataList":
                    return OutputFormat.PartialObjectMetadata;
            }
        }

        throw new ApiException(406, "NotAcceptable", $"only the following media types are accepted: application/json, application/json;as=Table;g=meta.k8s.io;v=v1, application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
    }

    /// <summary>Patch type from Content-Type, ignoring parameters such as <c>charset</c>.</summary>
    public static string? PatchType(string? contentType) =>
        (contentType?.Split(';')[0].Trim().ToLowerInvariant()) switch
        {
            "application/json-patch+json" => "json",
            "application/merge-patch+json" => "merge",
            "application/strategic-merge-patch+json" => "strategic",
            "application/apply-patch+yaml" or "application/apply-patch+json" => "apply",
            _ => null,
        };
}
