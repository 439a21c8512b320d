using System.Collections.Immutable;
using StudyOperator.Sandbox.Schema.Cel;

namespace StudyOperator.Sandbox.Tests.Schema;

public sealed class CelEvaluatorTests
{
    private static object Eval(string expression)
    {
        var self = new Dictionary<object, object>
        {
            ["n"] = 5L,
            ["s"] = "hello",
            ["l"] = new List<object> { 1L, 2L, 3L },
            ["m"] = new Dictionary<object, object> { ["a"] = 1L },
            ["d"] = 1.5,
        };
        return CelEvaluator.Eval(CelParser.Parse(expression, "self"), ImmutableDictionary<string, object>.Empty.Add("self", self));
    }

    private static string Error(string expression) => Assert.Throws<CelException>(() => Eval(expression)).Message;

    [Theory]
    [InlineData("1 + 2 * 3 == 7")]
    [InlineData("(1 + 2) * 3 == 9")]
    [InlineData("7 / 2 == 3 && 7 % 2 == 1 && -7 / 2 == -3")]
    [InlineData("2u + 3u == 5u")]
    [InlineData("1.5 + 1.0 == 2.5")]
    [InlineData("1 == 1.0 && 1u == 1")]
    [InlineData("'ab' + 'c' == 'abc'")]
    [InlineData("[1, 2] + [3] == [1, 2, 3]")]
    [InlineData("{'a': 1}['a'] == 1")]
    [InlineData("self.n > 3 ? true : false")]
    [InlineData("!(self.n < 3)")]
    [InlineData("self.s.startsWith('he') && self.s.endsWith('lo') && self.s.contains('ll')")]
    [InlineData("self.s.matches('^h.*o$') && matches(self.s, 'ell')")]
    [InlineData("size(self.s) == 5 && self.l.size() == 3 && size(self.m) == 1")]
    [InlineData("2 in self.l && 'a' in self.m && !('b' in self.m)")]
    [InlineData("has(self.n) && !has(self.zzz)")]
    [InlineData("self.l.all(x, x > 0) && self.l.exists(x, x == 2) && self.l.exists_one(x, x > 2)")]
    [InlineData("self.l.map(x, x * 2) == [2, 4, 6]")]
    [InlineData("self.l.map(x, x > 1, x * 10) == [20, 30]")]
    [InlineData("self.l.filter(x, x % 2 == 1) == [1, 3]")]
    [InlineData("self.m.all(k, k == 'a')")]
    [InlineData("int('42') == 42 && string(42) == '42' && double(2) == 2.0 && uint(3) == 3u && int(2.9) == 2")]
    [InlineData("string(1.5) == '1.5' && string(true) == 'true'")]
    [InlineData("'Hello'.lowerAscii() == 'hello' && 'a'.upperAscii() == 'A' && ' x '.trim() == 'x'")]
    [InlineData("'a,b'.split(',') == ['a', 'b'] && ['a', 'b'].join('-') == 'a-b'")]
    [InlineData("'hello'.indexOf('l') == 2 && 'hello'.substring(1, 3) == 'el' && 'aXa'.replace('X', 'y') == 'aya'")]
    [InlineData("self.d > 1 && self.d < 2.0")]
    [InlineData("'\\u00e9' == 'é' && r'\\d' == '\\\\d' && '''multi''' == 'multi'")]
    [InlineData("null == null && self.n != null")]
    [InlineData("type(1) == 'int'")]
    [InlineData("0x10 == 16 && -9223372036854775808 < 0")]
    public void Expressions_evaluate_to_true(string expression) => Assert.Equal(true, Eval(expression));

    [Fact]
    public void And_or_absorb_errors_when_the_other_side_decides()
    {
        Assert.Equal(false, Eval("self.zzz == 1 && false"));
        Assert.Equal(true, Eval("self.zzz == 1 || true"));
        Assert.Equal(true, Eval("true || self.zzz == 1"));
        Assert.Equal("no such key: zzz", Error("self.zzz == 1 && true"));
        Assert.Equal(true, Eval("[0, 1].exists(x, 1 / x == 1)"));
        Assert.Equal(false, Eval("[0, 1].all(x, 1 / x == 5)"));
    }

    [Fact]
    public void Runtime_errors_have_cel_texts()
    {
        Assert.Equal("division by zero", Error("1 / 0"));
        Assert.Equal("modulus by zero", Error("1 % 0"));
        Assert.Equal("integer overflow", Error("9223372036854775807 + 1"));
        Assert.Equal("index out of bounds: 5", Error("self.l[5]"));
        Assert.StartsWith("no such overload", Error("self.n + 'a'"));
        Assert.StartsWith("no such overload", Error("self.s > 1"));
    }

    [Theory]
    [InlineData("self.")]
    [InlineData("1 +")]
    [InlineData("(1")]
    [InlineData("'unterminated")]
    [InlineData("other.x")]
    [InlineData("has(self)")]
    [InlineData("1 2")]
    public void Bad_syntax_and_unknown_names_do_not_parse(string expression) =>
        Assert.Throws<CelException>(() => CelParser.Parse(expression, "self"));
}
