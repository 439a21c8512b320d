namespace StudyOperator.App;

/// <summary>The active faults, as <c>GET /fault</c> shows them.</summary>
internal sealed record FaultStatus(bool Unready, bool Failing, int SlowMs, bool Liveness);
