using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Diagnostics;
using StudyOperator.Sandbox.Kubelet;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Selectors;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Api;

/// <summary>
/// The one routing layer: parses the Kubernetes URL grammar and serves discovery, OpenAPI, resources,
/// subresources, watches, proxies, <c>/metrics</c> and the sandbox's own endpoints.
/// </summary>
internal sealed class ApiHandler(
    ResourceService service,
    WatchStreamer watches,
    ProxyHandler proxy,
    RequestMetrics metrics,
    FaultInjector faults,
    TimeProvider time,
    ILogger<ApiHandler> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var path = context.Request.Path.Value ?? "/";
        var request = ResourceRequest.Parse(path);
        var verb = request is null ? context.Request.Method : VerbOf(context, request);
        var code = 500;
        try
        {
            if (request is null)
            {
                code = await HandleNonResourceAsync(context, path, cancellationToken);
                return;
            }

            await faults.BeforeRequestAsync(verb, cancellationToken);
            code = await HandleResourceAsync(context, request, verb, cancellationToken);
        }
        catch (ApiException e)
        {
            code = e.Code;
            if (!context.Response.HasStarted)
            {
                if (e.RetryAfterSeconds is { } retry)
                {
                    context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                }

                await HttpJson.WriteAsync(context, e.Code, e.ToStatus(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            code = 499;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException && !context.Response.HasStarted)
        {
            // A JSON node of the wrong type in the request (a string where a bool belongs, ...): the apiserver's decoder says 400.
            code = 400;
            await HttpJson.WriteAsync(context, 400, StatusBodies.BadRequest($"the request body has a field of the wrong type: {e.Message}").ToStatus(), cancellationToken);
        }
#pragma warning disable CA1031 // As the apiserver's panic recovery: a handler bug becomes a logged 500 InternalError Status, not a dropped connection.
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
#pragma warning restore CA1031
        {
            code = 500;
            Log.HandlerFailed(logger, context.Request.Method, path, e);
            await HttpJson.WriteAsync(context, 500, new ApiException(500, "InternalError", $"Internal error occurred: {e.Message}").ToStatus(), cancellationToken);
        }
        finally
        {
            if (request is not null)
            {
                metrics.Record(verb, request.Group, request.Version, request.Resource, request.Subresource, code);
            }
        }
    }

    private static string VerbOf(HttpContext context, ResourceRequest request)
    {
        var q = context.Request.Query;
        return context.Request.Method switch
        {
            "GET" when request.Subresource == "proxy" => "CONNECT",
            "GET" when request.Name.Length == 0 && IsTrue(q["watch"]) => "WATCH",
            "GET" when request.Name.Length == 0 => "LIST",
            "GET" when request.Subresource.Length == 0 && IsTrue(q["watch"]) => "WATCH",
            "GET" => "GET",
            "PATCH" when MediaTypes.PatchType(context.Request.ContentType) == "apply" => "APPLY",
            "DELETE" when request.Name.Length == 0 => "DELETECOLLECTION",
            _ when request.Subresource == "proxy" => "CONNECT",
            var m => m,
        };
    }

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private async Task<int> HandleNonResourceAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        var registry = service.Registry;
        var trimmed = path.TrimEnd('/');
        var segments = trimmed.Trim('/').Split('/');
        JsonNode? body = trimmed switch
        {
            "/version" => Discovery.Version(),
            "/api" => Discovery.ApiVersions($"{context.Request.Host}"),
            "/apis" => Discovery.GroupList(registry),
            "/openapi/v3" => OpenApi.Index(registry),
            _ when segments is ["api", var v] => Discovery.ResourceList(registry, "", v),
            _ when segments is ["apis", var g] => Discovery.Group(registry, g),
            _ when segments is ["apis", var g, var v] => Discovery.ResourceList(registry, g, v),
            _ when segments is ["openapi", "v3", "api", var v] => OpenApi.Document(registry, "", v),
            _ when segments is ["openapi", "v3", "apis", var g, var v] => OpenApi.Document(registry, g, v),
            _ => null,
        };
        if (body is not null)
        {
            await HttpJson.WriteAsync(context, 200, body, cancellationToken);
            return 200;
        }

        switch (trimmed)
        {
            case "/healthz" or "/readyz" or "/livez":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", cancellationToken);
                return 200;
            case "/metrics":
                context.Response.ContentType = "text/plain; version=0.0.4";
                await context.Response.WriteAsync(metrics.Render(), cancellationToken);
                return 200;
            case "/sandbox/faults":
                return await HandleFaultsAsync(context, cancellationToken);
            case "/sandbox/pods":
                await HttpJson.WriteAsync(context, 200, service.PodTimeline.ToJson(), cancellationToken);
                return 200;
            case "/sandbox/ground-truth":
                var ns = context.Request.Query["namespace"].ToString();
                await HttpJson.WriteAsync(context, 200, service.PodTimeline.ToJson(ns.Length > 0 ? ns : null), cancellationToken);
                return 200;
            case "/sandbox/faults/expire":
                service.Store.Compact();
                await HttpJson.WriteAsync(context, 200, new JsonObject { ["compactedResourceVersion"] = service.Store.CompactedResourceVersion }, cancellationToken);
                return 200;
        }

        var status = StatusBodies.Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        await HttpJson.WriteAsync(context, 404, status, cancellationToken);
        return 404;
    }

    private async Task<int> HandleFaultsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Request.Method is "PUT" or "POST")
        {
            var body = await HttpJson.ReadObjectAsync(context, cancellationToken);
            faults.Settings = FaultSettingsJson.Parse(body);
        }

        await HttpJson.WriteAsync(context, 200, FaultSettingsJson.Render(faults.Settings), cancellationToken);
        return 200;
    }

    private async Task<int> HandleResourceAsync(HttpContext context, ResourceRequest request, string verb, CancellationToken cancellationToken)
    {
        var type = service.Registry.Find(request.Group, request.Version, request.Resource)
            ?? throw StatusBodies.NotFound(request.Group, request.Resource, request.Name);
        if (!type.Namespaced && request.Namespace.Length > 0)
        {
            throw StatusBodies.NotFound(request.Group, request.Resource, request.Name);
        }

        var format = MediaTypes.Negotiate(context.Request.Headers.Accept.ToString());
        var sub = request.Subresource;
        if (sub.Length > 0 && !SubresourceServed(type, sub))
        {
            throw StatusBodies.NotFound(request.Group, $"{request.Resource}/{sub}", request.Name);
        }

        if (sub == "proxy")
        {
            return await proxy.ForwardAsync(context, type, request, cancellationToken);
        }

        if (sub == "log")
        {
            return await WriteLogAsync(context, type, request, cancellationToken);
        }

        if (sub == "scale")
        {
            return await HandleScaleAsync(context, type, request, verb, cancellationToken);
        }

        var ns = request.Namespace;
        switch (verb)
        {
            case "GET":
                return await RespondAsync(context, 200, type, service.Get(type, ns, request.Name), format, cancellationToken);
            case "LIST":
                return await ListAsync(context, type, ns, format, cancellationToken);
            case "WATCH":
                await watches.StreamAsync(context, WatchOf(context, type, ns, format, request.Name), cancellationToken);
                return 200;
            case "POST":
                if (request.Name.Length > 0)
                {
                    throw StatusBodies.MethodNotAllowed("POST", type.Plural);
                }

                var created = service.Create(type, ns, await HttpJson.ReadObjectAsync(context, cancellationToken), WriteOptionsOf(context));
                AddWarnings(context, created.Warnings);
                return await RespondAsync(context, 201, type, created.Object, format, cancellationToken);
            case "PUT":
                if (type.Kind == "Namespace" && sub == "finalize")
                {
                    var finalized = service.FinalizeNamespace(type, request.Name, await HttpJson.ReadObjectAsync(context, cancellationToken));
                    return await RespondAsync(context, 200, type, finalized, format, cancellationToken);
                }

                var updated = service.Update(type, ns, request.Name, await HttpJson.ReadObjectAsync(context, cancellationToken), sub, WriteOptionsOf(context));
                AddWarnings(context, updated.Warnings);
                return await RespondAsync(context, 200, type, updated.Object, format, cancellationToken);
            case "PATCH" or "APPLY":
                var patchType = MediaTypes.PatchType(context.Request.ContentType)
                    ?? throw new ApiException(415, "UnsupportedMediaType",
                        $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml{(type.IsCustom ? "" : ", application/strategic-merge-patch+json")}");
                var patched = service.Patch(type, ns, request.Name, patchType, await HttpJson.ReadAsync(context, cancellationToken), sub, WriteOptionsOf(context));
                AddWarnings(context, patched.Warnings);
                return await RespondAsync(context, patched.Created ? 201 : 200, type, patched.Object, format, cancellationToken);
            case "DELETE":
                var deleted = service.Delete(type, ns, request.Name, await DeleteOptionsOf(context, cancellationToken));
                if (deleted.Body.Str("kind") == "Status")
                {
                    await HttpJson.WriteAsync(context, 200, deleted.Body, cancellationToken);
                    return 200;
                }

                return await RespondAsync(context, 200, type, deleted.Body, OutputFormat.Object, cancellationToken);
            case "DELETECOLLECTION":
                return await DeleteCollectionAsync(context, type, ns, cancellationToken);
            default:
                throw StatusBodies.MethodNotAllowed(context.Request.Method, type.Plural);
        }

        static bool SubresourceServed(ResourceType type, string sub) => sub switch
        {
            "status" => type.HasStatus,
            "scale" => type.HasScale,
            "proxy" => type.HasProxy,
            "log" => type.HasLog,
            "finalize" => type.Kind == "Namespace",
            _ => false,
        };
    }

    private async Task<int> ListAsync(HttpContext context, ResourceType type, string ns, OutputFormat format, CancellationToken cancellationToken)
    {
        var q = context.Request.Query;
        var labels = LabelSelector.Parse(q["labelSelector"]);
        var fields = FieldSelector.Parse(q["fieldSelector"]);
        fields.Check(type.Strategy, new JsonObject());
        var limit = long.TryParse(q["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : long.MaxValue;
        var (items, rv) = service.Store.List(type.EffectiveStorageKey, type.Namespaced && ns.Length > 0 ? ns : null);
        var start = "";
        if (q["continue"].ToString() is { Length: > 0 } token)
        {
            var (tokenRv, tokenStart) = ListPage.Parse(token);
            if (tokenRv < service.Store.CompactedResourceVersionOf(type.EffectiveStorageKey))
            {
                throw StatusBodies.Gone(ListPage.ExpiredMessage);
            }

            rv = tokenRv;
            start = tokenStart;
        }

        var selected = new List<JsonObject>();
        string? next = null;
        long remaining = 0;
        foreach (var stored in items)
        {
            if (start.Length > 0 && string.CompareOrdinal(stored.ObjectKey(), start) < 0)
            {
                continue;
            }

            if (!labels.Matches(stored.Labels()))
            {
                continue;
            }

            if (!fields.Matches(type.Strategy, stored))
            {
                continue;
            }

            if (selected.Count >= limit)
            {
                next ??= ListPage.Token(rv, selected[^1].ObjectKey());
                remaining++;
                continue;
            }

            selected.Add(service.Serve(type, stored));
        }

        var rvText = rv.ToString(CultureInfo.InvariantCulture);
        JsonObject body;
        switch (format)
        {
            case OutputFormat.Table:
                body = TableConverter.ToTable(type, selected, q["includeObject"], time.GetUtcNow(), rvText, next);
                break;
            case OutputFormat.PartialObjectMetadata:
                body = TableConverter.PartialMetadataList(type, selected, rvText, next);
                break;
            default:
                var meta = new JsonObject { ["resourceVersion"] = rvText };
                if (next is not null)
                {
                    meta["continue"] = next;
                    meta["remainingItemCount"] = remaining;
                }

                var array = new JsonArray();
                foreach (var item in selected)
                {
                    if (type.IsCustom)
                    {
                        array.Add(item.DeepClone());
                    }
                    else
                    {
                        var copy = new JsonObject();
                        foreach (var (k, v) in item)
                        {
                            if (k is not ("kind" or "apiVersion"))
                            {
                                copy[k] = v?.DeepClone();
                            }
                        }

                        array.Add(copy);
                    }
                }

                body = new JsonObject { ["kind"] = type.ListKind, ["apiVersion"] = type.GroupVersion, ["metadata"] = meta, ["items"] = array };
                break;
        }

        await HttpJson.WriteAsync(context, 200, body, cancellationToken);
        return 200;
    }

    private async Task<int> DeleteCollectionAsync(HttpContext context, ResourceType type, string ns, CancellationToken cancellationToken)
    {
        var q = context.Request.Query;
        var labels = LabelSelector.Parse(q["labelSelector"]);
        var fields = FieldSelector.Parse(q["fieldSelector"]);
        fields.Check(type.Strategy, new JsonObject());
        var options = await DeleteOptionsOf(context, cancellationToken);
        var (items, _) = service.Store.List(type.EffectiveStorageKey, type.Namespaced && ns.Length > 0 ? ns : null);
        var deleted = new JsonArray();
        foreach (var stored in items)
        {
            var served = service.Serve(type, stored);
            if (!labels.Matches(stored.Labels()) || !fields.Matches(type.Strategy, stored))
            {
                continue;
            }

            try
            {
                var result = service.Delete(type, stored.Ns(), stored.Name(), options);
                deleted.Add(result.Body.Str("kind") == "Status" ? served.DeepClone() : result.Body.DeepClone());
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted concurrently: nothing left to do for this item.
            }
        }

        var body = new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = service.Store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        };
        await HttpJson.WriteAsync(context, 200, body, cancellationToken);
        return 200;
    }

    private async Task<int> HandleScaleAsync(HttpContext context, ResourceType type, ResourceRequest request, string verb, CancellationToken cancellationToken)
    {
        var ns = request.Namespace;
        var current = service.Get(type, ns, request.Name);
        var scale = ScaleSubresource.ToScale(type, current);
        switch (verb)
        {
            case "GET":
                await HttpJson.WriteAsync(context, 200, scale, cancellationToken);
                return 200;
            case "PUT" or "PATCH":
                JsonObject desired;
                if (verb == "PUT")
                {
                    desired = await HttpJson.ReadObjectAsync(context, cancellationToken);
                }
                else
                {
                    var patchType = MediaTypes.PatchType(context.Request.ContentType) ?? "merge";
                    var patch = await HttpJson.ReadAsync(context, cancellationToken);
                    desired = (patchType switch
                    {
                        "json" => Patching.JsonPatch.Apply(scale, patch),
                        "strategic" when !type.IsCustom => Patching.StrategicMergePatch.Apply(scale, patch),
                        _ => Patching.MergePatch.Apply(scale, patch),
                    }) as JsonObject ?? throw StatusBodies.BadRequest("the patch did not produce an object");
                }

                var rv = desired.Str("metadata", "resourceVersion");
                var replicas = desired.At("spec", "replicas").Long() ?? 0;
                if (replicas < 0)
                {
                    throw StatusBodies.Invalid("Scale", "autoscaling", request.Name, [FieldError.Invalid("spec.replicas", replicas.ToString(CultureInfo.InvariantCulture), "must be greater than or equal to 0")]);
                }

                var updated = ScaleSubresource.WithReplicas(type, current, replicas);
                if (!string.IsNullOrEmpty(rv))
                {
                    updated.Meta()["resourceVersion"] = rv;
                }

                var result = service.Update(type, ns, request.Name, updated, "", WriteOptionsOf(context) with { FieldValidation = "Ignore", RecordAs = ("scale", "autoscaling/v1") });
                await HttpJson.WriteAsync(context, 200, ScaleSubresource.ToScale(type, result.Object), cancellationToken);
                return 200;
            default:
                throw StatusBodies.MethodNotAllowed(context.Request.Method, $"{type.Plural}/scale");
        }
    }

    private async Task<int> WriteLogAsync(HttpContext context, ResourceType type, ResourceRequest request, CancellationToken cancellationToken)
    {
        var pod = service.Get(type, request.Namespace, request.Name);
        var container = context.Request.Query["container"].ToString();
        if (container.Length == 0)
        {
            container = pod.At("spec", "containers") is JsonArray { Count: > 0 } c ? c[0].At("name")?.GetValue<string>() ?? "" : "";
        }

        if (service.PodLogs.Lookup(request.Namespace, request.Name, container, IsTrue(context.Request.Query["previous"])) is { } lookup)
        {
            return await PodLogWriter.WriteAsync(context, lookup, time, cancellationToken);
        }

        var text = service.PodLogs.Read(request.Namespace, request.Name, container);
        if (text is null)
        {
            throw StatusBodies.BadRequest($"container \"{container}\" in pod \"{request.Name}\" is waiting to start: ContainerCreating");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text, cancellationToken);
        return 200;
    }

    private async Task<int> RespondAsync(HttpContext context, int code, ResourceType type, JsonObject obj, OutputFormat format, CancellationToken cancellationToken)
    {
        JsonNode body = format switch
        {
            OutputFormat.Table => TableConverter.ToTable(type, [obj], context.Request.Query["includeObject"], time.GetUtcNow(), obj.Str("metadata", "resourceVersion") ?? "", null),
            OutputFormat.PartialObjectMetadata => TableConverter.PartialMetadata(type, obj),
            _ => obj,
        };
        await HttpJson.WriteAsync(context, code, body, cancellationToken);
        return code;
    }

    private WatchRequest WatchOf(HttpContext context, ResourceType type, string ns, OutputFormat format, string name)
    {
        var q = context.Request.Query;
        var fieldText = q["fieldSelector"].ToString();
        if (name.Length > 0)
        {
            fieldText = fieldText.Length == 0 ? $"metadata.name={name}" : $"{fieldText},metadata.name={name}";
        }

        var fields = FieldSelector.Parse(fieldText);
        fields.Check(type.Strategy, new JsonObject());
        var timeout = long.TryParse(q["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(30 + Random.Shared.Next(30));
        var sendInitial = IsTrue(q["sendInitialEvents"]);
        if (sendInitial && q["resourceVersionMatch"] != "NotOlderThan")
        {
            throw StatusBodies.Invalid("ListOptions", "meta.k8s.io", "",
                [FieldError.Forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]);
        }

        return new WatchRequest(type, ns, LabelSelector.Parse(q["labelSelector"]), fields, q["resourceVersion"].ToString(), sendInitial,
            IsTrue(q["allowWatchBookmarks"]), timeout, format, q["includeObject"]);
    }

    private static WriteOptions WriteOptionsOf(HttpContext context)
    {
        var q = context.Request.Query;
        var validation = q["fieldValidation"].ToString();
        var fieldManager = q["fieldManager"].ToString() is { Length: > 0 } m ? m : null;
        var agent = context.Request.Headers.UserAgent.ToString();
        var agentPrefix = agent.Split('/')[0].Trim();
        return new WriteOptions(
            validation is "Strict" or "Warn" or "Ignore" ? validation : "Warn",
            q["dryRun"] == "All",
            fieldManager,
            IsTrue(q["force"]))
        {
            Manager = fieldManager ?? (agentPrefix.Length > 0 ? agentPrefix : "unknown"),
        };
    }

    private static async Task<DeleteOptions> DeleteOptionsOf(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await HttpJson.ReadAsync(context, cancellationToken) as JsonObject;
        if (body is not null && body.Count > 0)
        {
            var orphan = body["orphanDependents"] is JsonValue o && o.TryGetValue<bool>(out var b) ? b : (bool?)null;
            return new DeleteOptions(
                body.Str("propagationPolicy") ?? (orphan is null ? null : orphan.Value ? "Orphan" : "Background"),
                body["gracePeriodSeconds"].Long(),
                body.Str("preconditions", "uid"),
                body.Str("preconditions", "resourceVersion"),
                body["dryRun"] is JsonArray dry && dry.Any(d => d?.GetValue<string>() == "All"));
        }

        var q = context.Request.Query;
        return new DeleteOptions(
            q["propagationPolicy"].ToString() is { Length: > 0 } p ? p : null,
            long.TryParse(q["gracePeriodSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : null,
            null,
            null,
            q["dryRun"] == "All");
    }

    private static void AddWarnings(HttpContext context, IReadOnlyList<string> warnings)
    {
        foreach (var w in warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{w.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }
}
