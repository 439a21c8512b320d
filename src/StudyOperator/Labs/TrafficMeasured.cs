namespace StudyOperator.Labs;

/// <summary>Background traffic during one step: requests and failed requests in the step's window.</summary>
internal sealed record TrafficMeasured(string Step, long Requests, long Failed) : LabMeasurement;
