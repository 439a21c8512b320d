namespace StudyOperator.Tests.OnSandbox;

/// <summary>One HTTP request as it arrived: method, path (percent-decoded, as the apiserver parses it) and query string.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query);
