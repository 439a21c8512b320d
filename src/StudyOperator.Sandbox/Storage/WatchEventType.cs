namespace StudyOperator.Sandbox.Storage;

internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}
