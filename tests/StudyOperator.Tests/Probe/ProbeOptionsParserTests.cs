using StudyOperator.Probe;

namespace StudyOperator.Tests.Probe;

public sealed class ProbeOptionsParserTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static string? ErrorOf(ProbeArguments args)
    {
        Assert.False(ProbeOptionsParser.TryCreate(args, NoEnvironment, out var options, out var error));
        Assert.Null(options);
        return error;
    }

    private static ProbeOptions OptionsOf(ProbeArguments args)
    {
        Assert.True(ProbeOptionsParser.TryCreate(args, NoEnvironment, out var options, out var error), error);
        return options!;
    }

    [Fact]
    public void A_url_alone_means_100_requests_one_at_a_time_each_on_a_new_connection()
    {
        var options = OptionsOf(new ProbeArguments { Url = "http://127.0.0.1:8080/" });

        Assert.Equal(ProbeMode.Count, options.Mode);
        Assert.Equal(100, options.Requests);
        Assert.Equal(1, options.Concurrency);
        Assert.False(options.KeepAlive);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Timeout);
    }

    [Fact]
    public void Duration_selects_rate_mode()
    {
        var options = OptionsOf(new ProbeArguments { Service = "demo", Duration = TimeSpan.FromSeconds(30), Rate = 20 });

        Assert.Equal(ProbeMode.Rate, options.Mode);
        Assert.Equal(20, options.Rate);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Duration);
        Assert.Equal(new Uri("http://demo.default.svc:80/"), options.Target);
    }

    // Keyed by case name: the arguments type is internal, so it cannot be a theory parameter.
    private static readonly Dictionary<string, (ProbeArguments Args, string Error)> BadInputs = new()
    {
        ["no target"] = (new ProbeArguments(), "a target is required"),
        ["url and service"] = (new ProbeArguments { Url = "http://a/", Service = "a" }, "either --url or --service"),
        ["ftp url"] = (new ProbeArguments { Url = "ftp://a/" }, "--url must be"),
        ["relative url"] = (new ProbeArguments { Url = "not a url" }, "--url must be"),
        ["long url"] = (new ProbeArguments { Url = "http://a/" + new string('x', 2000) }, "--url is longer"),
        ["port with url"] = (new ProbeArguments { Url = "http://a/", Port = 80 }, "--port goes with --service"),
        ["bad service name"] = (new ProbeArguments { Service = "Demo_App" }, "--service must be a Service name"),
        ["port out of range"] = (new ProbeArguments { Service = "demo", Port = 70000 }, "--port must be between"),
        ["zero requests"] = (new ProbeArguments { Url = "http://a/", Requests = 0 }, "--requests must be between 1 and 20000"),
        ["too many requests"] = (new ProbeArguments { Url = "http://a/", Requests = 20_001 }, "--requests must be between 1 and 20000"),
        ["too much concurrency"] = (new ProbeArguments { Url = "http://a/", Concurrency = 65 }, "--concurrency must be between 1 and 64"),
        ["rate without duration"] = (new ProbeArguments { Url = "http://a/", Rate = 10 }, "--rate needs --duration"),
        ["count and rate mixed"] = (new ProbeArguments { Url = "http://a/", Requests = 5, Duration = TimeSpan.FromSeconds(1) }, "cannot be combined"),
        ["rate too high"] = (new ProbeArguments { Url = "http://a/", Duration = TimeSpan.FromSeconds(1), Rate = 501 }, "--rate must be between 1 and 500"),
        ["duration too long"] = (new ProbeArguments { Url = "http://a/", Duration = TimeSpan.FromMinutes(11) }, "--duration must be"),
        ["zero duration"] = (new ProbeArguments { Url = "http://a/", Duration = TimeSpan.Zero }, "--duration must be"),
        ["rate times duration too high"] = (new ProbeArguments { Url = "http://a/", Duration = TimeSpan.FromMinutes(10), Rate = 500 }, "rate times --duration"),
        ["timeout too long"] = (new ProbeArguments { Url = "http://a/", Timeout = TimeSpan.FromSeconds(31) }, "--timeout must be"),
    };

    public static TheoryData<string> BadInput => new(BadInputs.Keys);

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Input_outside_the_caps_is_refused_with_one_clear_line(string name)
    {
        var (args, expected) = BadInputs[name];
        var error = ErrorOf(args);

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Values_at_the_caps_are_accepted()
    {
        OptionsOf(new ProbeArguments { Url = "http://a/", Requests = ProbeLimits.MaxRequests, Concurrency = ProbeLimits.MaxConcurrency, Timeout = ProbeLimits.MaxTimeout });
        OptionsOf(new ProbeArguments { Url = "http://a/", Duration = TimeSpan.FromSeconds(40), Rate = ProbeLimits.MaxRate });
        OptionsOf(new ProbeArguments { Url = "http://a/", Duration = ProbeLimits.MaxDuration, Rate = 33 });
    }
}
