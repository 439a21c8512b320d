using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StudyOperator.Sandbox.Schema.Cel;

/// <summary>
/// Evaluates CEL trees over values: long, ulong, double, string, bool, <see cref="CelNull"/>,
/// <c>IReadOnlyList&lt;object&gt;</c> and <c>IReadOnlyDictionary&lt;object, object&gt;</c>.
/// Errors are <see cref="CelException"/>; <c>&amp;&amp;</c>, <c>||</c>, <c>all</c> and <c>exists</c> absorb errors
/// when the other operands decide the result, as CEL specifies.
/// </summary>
internal static class CelEvaluator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static object Eval(CelNode node, ImmutableDictionary<string, object> vars) => node.Kind switch
    {
        CelNodeKind.Literal => node.Value!,
        CelNodeKind.Ident => vars.TryGetValue(node.Name, out var v) ? v : throw new CelException($"no such attribute: {node.Name}"),
        CelNodeKind.Select => Select(Eval(node.Children[0], vars), node.Name),
        CelNodeKind.Has => Has(Eval(node.Children[0], vars), node.Name),
        CelNodeKind.Index => Index(Eval(node.Children[0], vars), Eval(node.Children[1], vars)),
        CelNodeKind.List => node.Children.Select(c => Eval(c, vars)).ToList(),
        CelNodeKind.Map => MapLiteral(node, vars),
        CelNodeKind.Comprehension => Comprehension(node, vars),
        CelNodeKind.Call => Call(node, vars),
        CelNodeKind.Method => Method(node.Name, Eval(node.Children[0], vars), node.Children.Skip(1).Select(c => Eval(c, vars)).ToList()),
        _ => throw new CelException($"unsupported expression kind {node.Kind}"),
    };

    private static Dictionary<object, object> MapLiteral(CelNode node, ImmutableDictionary<string, object> vars)
    {
        var map = new Dictionary<object, object>();
        for (var i = 0; i < node.Children.Count; i += 2)
        {
            var key = Eval(node.Children[i], vars);
            if (key is not (string or long or ulong or bool))
            {
                throw new CelException($"unsupported key type: {TypeName(key)}");
            }
            if (!map.TryAdd(key, Eval(node.Children[i + 1], vars)))
            {
                throw new CelException($"Failed with repeated key: {Format(key)}");
            }
        }
        return map;
    }

    private static object Select(object operand, string field) => operand switch
    {
        IReadOnlyDictionary<object, object> map => map.TryGetValue(field, out var v) ? v : throw new CelException($"no such key: {field}"),
        _ => throw new CelException($"type '{TypeName(operand)}' does not support field selection"),
    };

    private static bool Has(object operand, string field) => operand switch
    {
        IReadOnlyDictionary<object, object> map => map.ContainsKey(field),
        _ => throw new CelException($"invalid type for field selection."),
    };

    private static object Index(object operand, object index)
    {
        switch (operand)
        {
            case IReadOnlyList<object> list:
                var i = index switch
                {
                    long l => l,
                    ulong u => (long)u,
                    double d when d == Math.Floor(d) => (long)d,
                    _ => throw NoOverload("_[_]", operand, index),
                };
                if (i < 0 || i >= list.Count)
                {
                    throw new CelException($"index out of bounds: {i}");
                }
                return list[(int)i];
            case IReadOnlyDictionary<object, object> map:
                return TryGetKey(map, index, out var v) ? v : throw new CelException($"no such key: {Format(index)}");
            default:
                throw NoOverload("_[_]", operand, index);
        }
    }

    private static bool TryGetKey(IReadOnlyDictionary<object, object> map, object key, out object value)
    {
        if (map.TryGetValue(key, out value!))
        {
            return true;
        }
        // Numeric keys compare across int/uint/double.
        if (key is long or ulong or double)
        {
            foreach (var (k, v) in map)
            {
                if (k is long or ulong && NumericEquals(k, key))
                {
                    value = v;
                    return true;
                }
            }
        }
        return false;
    }

    private static object Comprehension(CelNode node, ImmutableDictionary<string, object> vars)
    {
        var range = Eval(node.Children[0], vars);
        IEnumerable<object> items = range switch
        {
            IReadOnlyList<object> list => list,
            IReadOnlyDictionary<object, object> map => map.Keys,
            _ => throw new CelException($"expression does not evaluate to a list or map: {TypeName(range)}"),
        };
        var body = node.Children[1];
        switch (node.Name)
        {
            case "all":
            case "exists":
                {
                    var decisive = node.Name == "exists";
                    CelException? error = null;
                    foreach (var item in items)
                    {
                        try
                        {
                            if (AsBool(Eval(body, vars.SetItem(node.Variable, item)), node.Name) == decisive)
                            {
                                return decisive;
                            }
                        }
                        catch (CelException e)
                        {
                            error ??= e;
                        }
                    }
                    return error is null ? !decisive : throw error;
                }
            case "exists_one":
                return items.Count(item => AsBool(Eval(body, vars.SetItem(node.Variable, item)), node.Name)) == 1;
            case "filter":
                return items.Where(item => AsBool(Eval(body, vars.SetItem(node.Variable, item)), node.Name)).ToList();
            case "map" when node.Children.Count == 3:
                return items
                    .Where(item => AsBool(Eval(body, vars.SetItem(node.Variable, item)), node.Name))
                    .Select(item => Eval(node.Children[2], vars.SetItem(node.Variable, item)))
                    .ToList();
            case "map":
                return items.Select(item => Eval(body, vars.SetItem(node.Variable, item))).ToList();
            default:
                throw new CelException($"unknown macro {node.Name}");
        }
    }

    private static bool AsBool(object value, string op) =>
        value is bool b ? b : throw new CelException($"no such overload: {op}({TypeName(value)})");

    private static object Call(CelNode node, ImmutableDictionary<string, object> vars)
    {
        var args = node.Children;
        switch (node.Name)
        {
            case "_&&_":
            case "_||_":
                {
                    var decisive = node.Name == "_||_";
                    object? left = null, right = null;
                    CelException? leftError = null, rightError = null;
                    try
                    {
                        left = Eval(args[0], vars);
                    }
                    catch (CelException e)
                    {
                        leftError = e;
                    }
                    if (left is bool lb && lb == decisive)
                    {
                        return decisive;
                    }
                    try
                    {
                        right = Eval(args[1], vars);
                    }
                    catch (CelException e)
                    {
                        rightError = e;
                    }
                    if (right is bool rb && rb == decisive)
                    {
                        return decisive;
                    }
                    if (leftError is not null || rightError is not null)
                    {
                        throw leftError ?? rightError!;
                    }
                    if (left is bool && right is bool)
                    {
                        return !decisive;
                    }
                    throw NoOverload(node.Name, left!, right!);
                }
            case "_?_:_":
                return AsBool(Eval(args[0], vars), "_?_:_") ? Eval(args[1], vars) : Eval(args[2], vars);
        }
        var values = args.Select(a => Eval(a, vars)).ToList();
        return node.Name switch
        {
            "!_" => values[0] is bool b ? !b : throw NoOverload("!_", values[0]),
            "-_" => values[0] switch
            {
                long l => l == long.MinValue ? throw new CelException("integer overflow") : -l,
                double d => -d,
                _ => throw NoOverload("-_", values[0]),
            },
            "_==_" => CelEquals(values[0], values[1]),
            "_!=_" => !CelEquals(values[0], values[1]),
            "_<_" => Compare("_<_", values[0], values[1]) < 0,
            "_<=_" => Compare("_<=_", values[0], values[1]) <= 0,
            "_>_" => Compare("_>_", values[0], values[1]) > 0,
            "_>=_" => Compare("_>=_", values[0], values[1]) >= 0,
            "@in" => In(values[0], values[1]),
            "_+_" or "_-_" or "_*_" or "_/_" or "_%_" => Arithmetic(node.Name, values[0], values[1]),
            "size" when values.Count == 1 => Size(values[0]),
            "matches" when values.Count == 2 => Method("matches", values[0], [values[1]]),
            "int" => ToInt(values[0]),
            "uint" => ToUint(values[0]),
            "double" => ToDouble(values[0]),
            "string" => ToStr(values[0]),
            "bool" => values[0] switch
            {
                bool b => b,
                string s when s is "true" or "True" or "TRUE" or "t" or "1" => true,
                string s when s is "false" or "False" or "FALSE" or "f" or "0" => false,
                _ => throw new CelException($"type conversion error from '{TypeName(values[0])}' to 'bool'"),
            },
            "dyn" => values[0],
            "type" => TypeName(values[0]),
            _ => throw new CelException($"undeclared reference to '{node.Name}'"),
        };
    }

    private static object Method(string name, object target, List<object> args)
    {
        switch (target, name, args.Count)
        {
            case (_, "size", 0):
                return Size(target);
            case (string s, "contains", 1) when args[0] is string sub:
                return s.Contains(sub, StringComparison.Ordinal);
            case (string s, "startsWith", 1) when args[0] is string prefix:
                return s.StartsWith(prefix, StringComparison.Ordinal);
            case (string s, "endsWith", 1) when args[0] is string suffix:
                return s.EndsWith(suffix, StringComparison.Ordinal);
            case (string s, "matches", 1) when args[0] is string pattern:
                try
                {
                    return Regex.IsMatch(s, pattern, RegexOptions.CultureInvariant, RegexTimeout);
                }
                catch (ArgumentException e)
                {
                    throw new CelException($"invalid regular expression: {e.Message}");
                }
            case (string s, "lowerAscii", 0):
                return string.Create(s.Length, s, (span, src) => { for (var i = 0; i < src.Length; i++) { span[i] = char.IsAsciiLetterUpper(src[i]) ? (char)(src[i] + 32) : src[i]; } });
            case (string s, "upperAscii", 0):
                return string.Create(s.Length, s, (span, src) => { for (var i = 0; i < src.Length; i++) { span[i] = char.IsAsciiLetterLower(src[i]) ? (char)(src[i] - 32) : src[i]; } });
            case (string s, "trim", 0):
                return s.Trim();
            case (string s, "indexOf", 1) when args[0] is string sub:
                return (long)CodePointIndex(s, s.IndexOf(sub, StringComparison.Ordinal));
            case (string s, "lastIndexOf", 1) when args[0] is string sub:
                return (long)CodePointIndex(s, s.LastIndexOf(sub, StringComparison.Ordinal));
            case (string s, "split", 1) when args[0] is string sep:
                return s.Split(sep).Cast<object>().ToList();
            case (string s, "replace", 2) when args[0] is string from && args[1] is string to:
                return from.Length == 0 ? s : s.Replace(from, to, StringComparison.Ordinal);
            case (string s, "substring", 1 or 2) when args.All(a => a is long):
                {
                    var runes = s.EnumerateRunes().ToList();
                    var start = (long)args[0];
                    var end = args.Count == 2 ? (long)args[1] : runes.Count;
                    if (start < 0 || end > runes.Count || start > end)
                    {
                        throw new CelException($"index out of range: {(start < 0 || start > runes.Count ? start : end)}");
                    }
                    return string.Concat(runes.Skip((int)start).Take((int)(end - start)).Select(r => r.ToString()));
                }
            case (IReadOnlyList<object> list, "join", 0 or 1):
                return string.Join(args.Count == 1 ? (string)args[0] : "", list.Select(x => x as string ?? throw NoOverload("join", x)));
            default:
                throw NoOverload(name, [target, .. args]);
        }
    }

    private static int CodePointIndex(string s, int charIndex) =>
        charIndex < 0 ? -1 : s[..charIndex].EnumerateRunes().Count();

    private static long Size(object value) => value switch
    {
        string s => s.EnumerateRunes().Count(),
        IReadOnlyList<object> list => list.Count,
        IReadOnlyDictionary<object, object> map => map.Count,
        _ => throw NoOverload("size", value),
    };

    private static bool In(object element, object container) => container switch
    {
        IReadOnlyList<object> list => list.Any(x => CelEquals(x, element)),
        IReadOnlyDictionary<object, object> map => TryGetKey(map, element, out _),
        _ => throw NoOverload("@in", element, container),
    };

    public static bool CelEquals(object a, object b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return NumericEquals(a, b);
        }
        return (a, b) switch
        {
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (bool x, bool y) => x == y,
            (CelNull, CelNull) => true,
            (IReadOnlyList<object> x, IReadOnlyList<object> y) => x.Count == y.Count && x.Zip(y).All(p => CelEquals(p.First, p.Second)),
            (IReadOnlyDictionary<object, object> x, IReadOnlyDictionary<object, object> y) =>
                x.Count == y.Count && x.All(kv => TryGetKey(y, kv.Key, out var other) && CelEquals(kv.Value, other)),
            _ => false,
        };
    }

    private static bool IsNumber(object v) => v is long or ulong or double;

    private static bool NumericEquals(object a, object b) => CompareNumbers(a, b) == 0;

    private static int? CompareNumbers(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (ulong x, ulong y) => x.CompareTo(y),
        (long x, ulong y) => x < 0 ? -1 : ((ulong)x).CompareTo(y),
        (ulong x, long y) => y < 0 ? 1 : x.CompareTo((ulong)y),
        _ => ToDoubleValue(a) is var x && ToDoubleValue(b) is var y && (double.IsNaN(x) || double.IsNaN(y)) ? null : ToDoubleValue(a).CompareTo(ToDoubleValue(b)),
    };

    private static double ToDoubleValue(object v) => v switch
    {
        long l => l,
        ulong u => u,
        double d => d,
        _ => double.NaN,
    };

    private static int Compare(string op, object a, object b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            // NaN compares false with everything; map it to a result that fails every ordering operator.
            return CompareNumbers(a, b) ?? (op is "_<_" or "_<=_" ? 1 : -1);
        }
        return (a, b) switch
        {
            (string x, string y) => Math.Sign(string.CompareOrdinal(x, y)),
            (bool x, bool y) => x.CompareTo(y),
            _ => throw NoOverload(op, a, b),
        };
    }

    private static object Arithmetic(string op, object a, object b)
    {
        try
        {
            return (op, a, b) switch
            {
                ("_+_", long x, long y) => checked(x + y),
                ("_-_", long x, long y) => checked(x - y),
                ("_*_", long x, long y) => checked(x * y),
                ("_/_", long, 0L) => throw new CelException("division by zero"),
                ("_/_", long x, long y) => checked(x / y),
                ("_%_", long, 0L) => throw new CelException("modulus by zero"),
                ("_%_", long x, long y) => y == -1 ? 0L : x % y,
                ("_+_", ulong x, ulong y) => checked(x + y),
                ("_-_", ulong x, ulong y) => checked(x - y),
                ("_*_", ulong x, ulong y) => checked(x * y),
                ("_/_", ulong, 0UL) => throw new CelException("division by zero"),
                ("_/_", ulong x, ulong y) => x / y,
                ("_%_", ulong, 0UL) => throw new CelException("modulus by zero"),
                ("_%_", ulong x, ulong y) => x % y,
                ("_+_", double x, double y) => x + y,
                ("_-_", double x, double y) => x - y,
                ("_*_", double x, double y) => x * y,
                ("_/_", double x, double y) => x / y,
                ("_+_", string x, string y) => x + y,
                ("_+_", IReadOnlyList<object> x, IReadOnlyList<object> y) => x.Concat(y).ToList(),
                _ => throw NoOverload(op, a, b),
            };
        }
        catch (OverflowException)
        {
            throw new CelException(a is ulong ? "unsigned integer overflow" : "integer overflow");
        }
    }

    private static long ToInt(object v) => v switch
    {
        long l => l,
        ulong u => u <= long.MaxValue ? (long)u : throw new CelException("integer overflow"),
        double d => double.IsFinite(d) && d > -9.2233720368547758E18 && d < 9.2233720368547758E18 ? (long)d : throw new CelException("integer overflow"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? l
            : throw new CelException($"type conversion error from 'string' to 'int'"),
        _ => throw NoOverload("int", v),
    };

    private static ulong ToUint(object v) => v switch
    {
        ulong u => u,
        long l => l >= 0 ? (ulong)l : throw new CelException("unsigned integer overflow"),
        double d => double.IsFinite(d) && d > -1 && d < 1.8446744073709552E19 ? (ulong)d : throw new CelException("unsigned integer overflow"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
            ? u
            : throw new CelException($"type conversion error from 'string' to 'uint'"),
        _ => throw NoOverload("uint", v),
    };

    private static double ToDouble(object v) => v switch
    {
        double d => d,
        long l => l,
        ulong u => u,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new CelException($"type conversion error from 'string' to 'double'"),
        _ => throw NoOverload("double", v),
    };

    private static string ToStr(object v) => v switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        long or ulong => Convert.ToString(v, CultureInfo.InvariantCulture)!,
        double d => GoFormat.Number(d),
        _ => throw NoOverload("string", v),
    };

    /// <summary>A CEL-ish rendering of a value, used in error texts.</summary>
    public static string Format(object v) => v switch
    {
        string s => GoFormat.Quote(s),
        ulong u => $"{u.ToString(CultureInfo.InvariantCulture)}u",
        IReadOnlyList<object> list => "[" + string.Join(", ", list.Select(Format)) + "]",
        IReadOnlyDictionary<object, object> map => "{" + string.Join(", ", map.Select(kv => $"{Format(kv.Key)}: {Format(kv.Value)}")) + "}",
        _ => ToStr(v is CelNull ? "null" : v),
    };

    public static string TypeName(object v) => v switch
    {
        long => "int",
        ulong => "uint",
        double => "double",
        string => "string",
        bool => "bool",
        CelNull => "null_type",
        IReadOnlyList<object> => "list",
        IReadOnlyDictionary<object, object> => "map",
        _ => v.GetType().Name,
    };

    private static CelException NoOverload(string op, params object[] args)
    {
        var sb = new StringBuilder("no such overload: ");
        sb.Append(op).Append('(').AppendJoin(", ", args.Select(TypeName)).Append(')');
        return new CelException(sb.ToString());
    }
}
