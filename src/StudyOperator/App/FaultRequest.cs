namespace StudyOperator.App;

/// <summary>Body of <c>POST /fault</c>: <c>{"mode":"slow","enabled":true,"delayMs":1500}</c>.</summary>
internal sealed record FaultRequest(string? Mode, bool? Enabled = null, int? DelayMs = null)
{
    public const int DefaultSlowMs = 1000;
    public const int MaxSlowMs = 60_000;
}
