using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Strategies;

internal sealed class ColumnsOnlyStrategy(IReadOnlyList<TableColumn> columns, Action<JsonObject>? defaults = null) : ResourceStrategy
{
    public override IReadOnlyList<TableColumn> Columns { get; } = columns;

    public override void Default(JsonObject obj) => defaults?.Invoke(obj);
}
