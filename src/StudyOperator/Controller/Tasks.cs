namespace StudyOperator.Controller;

/// <summary>Waiting on a group of long-running tasks.</summary>
internal static class Tasks
{
    /// <summary>
    /// Completes when the first of the tasks fails, with its exception (the others keep running), or when all have
    /// ended without one. <see cref="Task.WhenAll(IEnumerable{Task})"/> would report a failure only once every task ended.
    /// </summary>
    public static async Task FirstFailureAsync(IReadOnlyCollection<Task> tasks)
    {
        var pending = tasks.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            await done;
            pending.Remove(done);
        }
    }
}
