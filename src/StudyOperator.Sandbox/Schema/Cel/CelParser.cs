namespace StudyOperator.Sandbox.Schema.Cel;

/// <summary>
/// Recursive-descent parser for the CEL grammar (conditional, ||, &amp;&amp;, relations incl. <c>in</c>, arithmetic, unary,
/// member access, calls, list/map literals) with the standard macros expanded into comprehension nodes.
/// </summary>
internal sealed class CelParser
{
    private static readonly HashSet<string> Macros = ["all", "exists", "exists_one", "map", "filter"];
    private readonly List<CelToken> _tokens;
    private readonly Stack<string> _scope = new();
    private readonly HashSet<string> _variables;
    private int _pos;

    private CelParser(string source, IEnumerable<string> variables)
    {
        _tokens = CelLexer.Tokenize(source);
        _variables = [.. variables];
    }

    /// <summary>Parses <paramref name="source"/>; only <paramref name="variables"/> (and macro variables) may be referenced.</summary>
    public static CelNode Parse(string source, params string[] variables)
    {
        var parser = new CelParser(source, variables);
        var expr = parser.Expression();
        if (parser.Peek.Kind != CelTokenKind.End)
        {
            throw parser.Error($"Syntax error: mismatched input '{parser.Peek.Text}' expecting <EOF>");
        }
        return expr;
    }

    private CelToken Peek => _tokens[_pos];

    private CelException Error(string message) => new($"<input>:1:{Peek.Position + 1}: {message}");

    private bool Accept(string punct)
    {
        if (Peek.Kind == CelTokenKind.Punct && Peek.Text == punct)
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void Expect(string punct)
    {
        if (!Accept(punct))
        {
            throw Error($"Syntax error: mismatched input '{Peek.Text}' expecting '{punct}'");
        }
    }

    private static CelNode Call(string op, params CelNode[] args) => new(CelNodeKind.Call, op, Args: args);

    private CelNode Expression()
    {
        var cond = Or();
        if (!Accept("?"))
        {
            return cond;
        }
        var then = Or();
        Expect(":");
        var otherwise = Expression();
        return Call("_?_:_", cond, then, otherwise);
    }

    private CelNode Or()
    {
        var left = And();
        while (Accept("||"))
        {
            left = Call("_||_", left, And());
        }
        return left;
    }

    private CelNode And()
    {
        var left = Relation();
        while (Accept("&&"))
        {
            left = Call("_&&_", left, Relation());
        }
        return left;
    }

    private CelNode Relation()
    {
        var left = Addition();
        while (true)
        {
            if (Peek.Kind == CelTokenKind.Ident && Peek.Text == "in")
            {
                _pos++;
                left = Call("@in", left, Addition());
                continue;
            }
            var op = Peek.Kind == CelTokenKind.Punct && Peek.Text is "<" or "<=" or ">" or ">=" or "==" or "!=" ? Peek.Text : null;
            if (op is null)
            {
                return left;
            }
            _pos++;
            left = Call($"_{op}_", left, Addition());
        }
    }

    private CelNode Addition()
    {
        var left = Multiplication();
        while (Peek.Kind == CelTokenKind.Punct && Peek.Text is "+" or "-")
        {
            var op = _tokens[_pos++].Text;
            left = Call($"_{op}_", left, Multiplication());
        }
        return left;
    }

    private CelNode Multiplication()
    {
        var left = Unary();
        while (Peek.Kind == CelTokenKind.Punct && Peek.Text is "*" or "/" or "%")
        {
            var op = _tokens[_pos++].Text;
            left = Call($"_{op}_", left, Unary());
        }
        return left;
    }

    private CelNode Unary()
    {
        if (Accept("!"))
        {
            return Call("!_", Unary());
        }
        if (Accept("-"))
        {
            // Negative literals are folded so that -9223372036854775808 is representable.
            if (Peek.Kind == CelTokenKind.Int)
            {
                var literal = _tokens[_pos++].Value;
                return Member(new CelNode(CelNodeKind.Literal, Value: literal is long l ? -l : long.MinValue));
            }
            if (Peek.Kind == CelTokenKind.Double && Peek.Value is double d)
            {
                _pos++;
                return Member(new CelNode(CelNodeKind.Literal, Value: -d));
            }
            return Call("-_", Unary());
        }
        return Member(Primary());
    }

    private CelNode Member(CelNode operand)
    {
        while (true)
        {
            if (Accept("."))
            {
                var name = Identifier();
                if (Accept("("))
                {
                    operand = MethodCall(operand, name);
                }
                else
                {
                    operand = new CelNode(CelNodeKind.Select, name, Args: [operand]);
                }
            }
            else if (Accept("["))
            {
                var index = Expression();
                Expect("]");
                operand = new CelNode(CelNodeKind.Index, Args: [operand, index]);
            }
            else
            {
                return operand;
            }
        }
    }

    private string Identifier()
    {
        if (Peek.Kind != CelTokenKind.Ident)
        {
            throw Error($"Syntax error: mismatched input '{Peek.Text}' expecting IDENTIFIER");
        }
        return _tokens[_pos++].Text;
    }

    private CelNode MethodCall(CelNode target, string name)
    {
        if (Macros.Contains(name) && Peek.Kind == CelTokenKind.Ident && _tokens[_pos + 1].Text == ",")
        {
            var variable = Identifier();
            Expect(",");
            _scope.Push(variable);
            try
            {
                var first = Expression();
                var args = new List<CelNode> { target, first };
                if (name == "map" && Accept(","))
                {
                    args.Add(Expression());
                }
                Expect(")");
                if (name != "map" && args.Count != 2)
                {
                    throw Error($"{name}() takes two arguments");
                }
                return new CelNode(CelNodeKind.Comprehension, name, Args: args, Variable: variable);
            }
            finally
            {
                _scope.Pop();
            }
        }
        return new CelNode(CelNodeKind.Method, name, Args: [target, .. Arguments()]);
    }

    private List<CelNode> Arguments()
    {
        var args = new List<CelNode>();
        if (Accept(")"))
        {
            return args;
        }
        do
        {
            args.Add(Expression());
        }
        while (Accept(","));
        Expect(")");
        return args;
    }

    private CelNode Primary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case CelTokenKind.Int when token.Value is not long:
                throw Error("invalid int literal");
            case CelTokenKind.Int or CelTokenKind.Uint or CelTokenKind.Double or CelTokenKind.String:
                _pos++;
                return new CelNode(CelNodeKind.Literal, Value: token.Value);
            case CelTokenKind.Ident:
                _pos++;
                return IdentOrCall(token.Text);
            case CelTokenKind.Punct when token.Text == "(":
                _pos++;
                var inner = Expression();
                Expect(")");
                return inner;
            case CelTokenKind.Punct when token.Text == "[":
                _pos++;
                var items = new List<CelNode>();
                if (!Accept("]"))
                {
                    do
                    {
                        if (Peek.Text == "]")
                        {
                            break;
                        }
                        items.Add(Expression());
                    }
                    while (Accept(","));
                    Expect("]");
                }
                return new CelNode(CelNodeKind.List, Args: items);
            case CelTokenKind.Punct when token.Text == "{":
                _pos++;
                var entries = new List<CelNode>();
                if (!Accept("}"))
                {
                    do
                    {
                        if (Peek.Text == "}")
                        {
                            break;
                        }
                        entries.Add(Expression());
                        Expect(":");
                        entries.Add(Expression());
                    }
                    while (Accept(","));
                    Expect("}");
                }
                return new CelNode(CelNodeKind.Map, Args: entries);
            case CelTokenKind.Punct when token.Text == ".":
                _pos++;
                return IdentOrCall(Identifier());
            default:
                throw Error($"Syntax error: mismatched input '{token.Text}' expecting an expression");
        }
    }

    private CelNode IdentOrCall(string name)
    {
        switch (name)
        {
            case "true": return new CelNode(CelNodeKind.Literal, Value: true);
            case "false": return new CelNode(CelNodeKind.Literal, Value: false);
            case "null": return new CelNode(CelNodeKind.Literal, Value: CelNull.Instance);
        }
        if (Accept("("))
        {
            var args = Arguments();
            if (name == "has")
            {
                if (args.Count != 1 || args[0].Kind != CelNodeKind.Select)
                {
                    throw Error("invalid argument to has() macro");
                }
                return new CelNode(CelNodeKind.Has, args[0].Name, Args: args[0].Args);
            }
            return new CelNode(CelNodeKind.Call, name, Args: args);
        }
        if (!_variables.Contains(name) && !_scope.Contains(name))
        {
            throw Error($"undeclared reference to '{name}' (in container '')");
        }
        return new CelNode(CelNodeKind.Ident, name);
    }
}
