using System.Globalization;

namespace StudyOperator.Sandbox.Node;

/// <summary>One line a container wrote, stamped when the node read it (as the CRI log file does).</summary>
internal sealed record LogLine(DateTimeOffset Timestamp, LogStream Stream, string Text)
{
    /// <summary>
    /// The line as <c>kubectl logs</c> prints it: the text and a newline, prefixed with an RFC 3339 timestamp
    /// (fraction without trailing zeros, like Go's RFC3339Nano) when <paramref name="timestamps"/> is set.
    /// </summary>
    public string Format(bool timestamps) =>
        timestamps
            ? Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) + " " + Text + "\n"
            : Text + "\n";
}
