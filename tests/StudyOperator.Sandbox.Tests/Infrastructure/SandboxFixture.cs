using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace StudyOperator.Sandbox.Tests.Infrastructure;

/// <summary>One in-process sandbox per test class on a random port; each test takes its own namespace.</summary>
public class SandboxFixture : IAsyncLifetime
{
    private int counter;

    public SandboxServer Server { get; private set; } = null!;

    protected virtual SandboxOptions Options => new() { WatchWindow = 2000 };

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress => Server.BaseAddress;

    public async Task InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(Options);
        Http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    public IKubernetes Client() => new Kubernetes(new KubernetesClientConfiguration { Host = BaseAddress.ToString().TrimEnd('/') });

    /// <summary>Creates a fresh namespace for one test.</summary>
    public async Task<string> NamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid().ToString("N")[..6]}";
        var response = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
        Assert.Equal(201, response.Code);
        return name;
    }

    public async Task<(int Code, JsonObject Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["text"] = text };
        return ((int)response.StatusCode, json, response);
    }

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body);

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> PatchAsync(string path, JsonNode body, string contentType) => SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> DeleteAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Delete, path, body);
}
