namespace StudyOperator.Testing;

/// <summary>Test doubles that must hold a request or a handler open until the test lets go.</summary>
public static class Cancellation
{
    /// <summary>Completes when <paramref name="token"/> is cancelled, then throws <see cref="OperationCanceledException"/> like an awaited cancellation does.</summary>
    public static async Task UntilCancelled(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (token.Register(() => cancelled.TrySetResult()))
        {
            await cancelled.Task;
        }

        token.ThrowIfCancellationRequested();
    }
}
