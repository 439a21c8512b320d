using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Tests.Infrastructure;

/// <summary>A raw watch connection: reads one JSON event per line.</summary>
public sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    public int StatusCode => (int)response.StatusCode;

    public string? ContentType => response.Content.Headers.ContentType?.MediaType;

    public static async Task<WatchStream> OpenAsync(SandboxFixture sandbox, string path, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await sandbox.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new WatchStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var line = await reader.ReadLineAsync(cts.Token);
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    public async Task<List<JsonObject>> TakeAsync(int count)
    {
        var events = new List<JsonObject>();
        for (var i = 0; i < count; i++)
        {
            events.Add(await NextAsync() ?? throw new InvalidOperationException($"watch ended after {i} events"));
        }

        return events;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
