using StudyOperator.Sandbox.Schema;

namespace StudyOperator.Sandbox.Tests.Schema;

public sealed class StatusMessageTests
{
    private static readonly FieldError Replicas = new("FieldValueInvalid", "spec.app.replicas", "Invalid value: 50: spec.app.replicas in body should be less than or equal to 10");
    private static readonly FieldError Language = new("FieldValueNotSupported", "spec.language", "Unsupported value: \"fr\": supported values: \"en\", \"ko\"");

    [Fact]
    public void A_single_error_is_inlined()
    {
        Assert.Equal(
            "StudyLab.labs.study.dev \"demo\" is invalid: spec.app.replicas: Invalid value: 50: spec.app.replicas in body should be less than or equal to 10",
            FieldErrors.ToStatusMessage("StudyLab", "labs.study.dev", "demo", [Replicas]));
    }

    [Fact]
    public void Several_errors_are_bracketed_and_deduplicated()
    {
        Assert.Equal(
            "StudyLab.labs.study.dev \"demo\" is invalid: [spec.app.replicas: Invalid value: 50: spec.app.replicas in body should be less than or equal to 10, spec.language: Unsupported value: \"fr\": supported values: \"en\", \"ko\"]",
            FieldErrors.ToStatusMessage("StudyLab", "labs.study.dev", "demo", [Replicas, Language, Replicas]));
    }

    [Fact]
    public void The_core_group_and_no_errors()
    {
        Assert.Equal("Pod \"p\" is invalid", FieldErrors.ToStatusMessage("Pod", "", "p", []));
    }

    [Fact]
    public void Strict_decoding_lists_every_unknown_field()
    {
        Assert.Equal("strict decoding error: unknown field \"spec.bar\", unknown field \"spec.foo\"",
            FieldErrors.ToStrictDecodingMessage(["spec.bar", "spec.foo"]));
        Assert.Equal("unknown field \"spec.foo\"", FieldErrors.UnknownField("spec.foo"));
    }
}
