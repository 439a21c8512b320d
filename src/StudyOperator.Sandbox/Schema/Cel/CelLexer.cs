using System.Globalization;
using System.Text;

namespace StudyOperator.Sandbox.Schema.Cel;

/// <summary>Splits CEL source into tokens (identifiers, numbers, quoted/raw/triple-quoted strings, punctuation).</summary>
internal static class CelLexer
{
    private static readonly string[] Puncts =
        ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    public static List<CelToken> Tokenize(string src)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (i < src.Length)
        {
            var c = src[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < src.Length && src[i + 1] == '/')
            {
                while (i < src.Length && src[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            var start = i;
            if ((c is 'r' or 'R') && i + 1 < src.Length && src[i + 1] is '"' or '\'')
            {
                tokens.Add(ReadString(src, ref i, raw: true, start));
                continue;
            }
            if ((c is 'b' or 'B') && i + 1 < src.Length && src[i + 1] is '"' or '\'')
            {
                throw new CelException($"<input>:1:{start + 1}: bytes literals are not supported");
            }
            if (c is '"' or '\'')
            {
                tokens.Add(ReadString(src, ref i, raw: false, start));
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < src.Length && char.IsAsciiDigit(src[i + 1])))
            {
                tokens.Add(ReadNumber(src, ref i));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < src.Length && (char.IsAsciiLetterOrDigit(src[i]) || src[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new CelToken(CelTokenKind.Ident, src[start..i], null, start));
                continue;
            }
            var punct = Puncts.FirstOrDefault(p => string.CompareOrdinal(src, i, p, 0, p.Length) == 0)
                ?? throw new CelException($"<input>:1:{start + 1}: Syntax error: token recognition error at: '{c}'");
            i += punct.Length;
            tokens.Add(new CelToken(CelTokenKind.Punct, punct, null, start));
        }
        tokens.Add(new CelToken(CelTokenKind.End, "<EOF>", null, src.Length));
        return tokens;
    }

    private static CelToken ReadNumber(string src, ref int i)
    {
        var start = i;
        if (src[i] == '0' && i + 1 < src.Length && src[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < src.Length && char.IsAsciiHexDigit(src[i]))
            {
                i++;
            }
            var hex = src[(start + 2)..i];
            if (i < src.Length && src[i] is 'u' or 'U')
            {
                i++;
                return new CelToken(CelTokenKind.Uint, src[start..i], ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture), start);
            }
            return new CelToken(CelTokenKind.Int, src[start..i], ParseInt(hex, NumberStyles.HexNumber, start), start);
        }
        var isDouble = false;
        while (i < src.Length && char.IsAsciiDigit(src[i]))
        {
            i++;
        }
        if (i + 1 < src.Length && src[i] == '.' && char.IsAsciiDigit(src[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < src.Length && char.IsAsciiDigit(src[i]))
            {
                i++;
            }
        }
        if (i < src.Length && src[i] is 'e' or 'E')
        {
            isDouble = true;
            i++;
            if (i < src.Length && src[i] is '+' or '-')
            {
                i++;
            }
            while (i < src.Length && char.IsAsciiDigit(src[i]))
            {
                i++;
            }
        }
        var text = src[start..i];
        if (isDouble)
        {
            return new CelToken(CelTokenKind.Double, text, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), start);
        }
        if (i < src.Length && src[i] is 'u' or 'U')
        {
            i++;
            return new CelToken(CelTokenKind.Uint, src[start..i], ulong.Parse(text, CultureInfo.InvariantCulture), start);
        }
        return new CelToken(CelTokenKind.Int, text, ParseInt(text, NumberStyles.Integer, start), start);
    }

    // 9223372036854775808 only fits once negated: it stays a ulong here and the parser folds the minus.
    private static object ParseInt(string text, NumberStyles style, int position) =>
        long.TryParse(text, style, CultureInfo.InvariantCulture, out var v) ? v
        : ulong.TryParse(text, style, CultureInfo.InvariantCulture, out var u) && u == 1UL << 63 ? u
        : throw new CelException($"<input>:1:{position + 1}: invalid int literal");

    private static CelToken ReadString(string src, ref int i, bool raw, int start)
    {
        if (raw)
        {
            i++;
        }
        var quote = src[i];
        var triple = i + 2 < src.Length && src[i + 1] == quote && src[i + 2] == quote;
        i += triple ? 3 : 1;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= src.Length)
            {
                throw new CelException($"<input>:1:{start + 1}: Syntax error: unterminated string literal");
            }
            var c = src[i];
            if (triple ? string.CompareOrdinal(src, i, new string(quote, 3), 0, 3) == 0 : c == quote)
            {
                i += triple ? 3 : 1;
                break;
            }
            if (!triple && c == '\n')
            {
                throw new CelException($"<input>:1:{start + 1}: Syntax error: unterminated string literal");
            }
            if (c == '\\' && !raw)
            {
                i++;
                sb.Append(ReadEscape(src, ref i, start));
                continue;
            }
            sb.Append(c);
            i++;
        }
        return new CelToken(CelTokenKind.String, src[start..i], sb.ToString(), start);
    }

    private static string ReadEscape(string src, ref int i, int start)
    {
        if (i >= src.Length)
        {
            throw new CelException($"<input>:1:{start + 1}: Syntax error: unterminated string literal");
        }
        var c = src[i++];
        switch (c)
        {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case 'a': return "\a";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'v': return "\v";
            case '\\' or '\'' or '"' or '`' or '?': return c.ToString();
            case 'x' or 'X': return Hex(src, ref i, 2, start);
            case 'u': return Hex(src, ref i, 4, start);
            case 'U': return Hex(src, ref i, 8, start);
            default:
                if (c is >= '0' and <= '3' && i + 1 < src.Length)
                {
                    var octal = Convert.ToInt32(src.Substring(i - 1, 3), 8);
                    i += 2;
                    return char.ConvertFromUtf32(octal);
                }
                throw new CelException($"<input>:1:{start + 1}: Syntax error: invalid escape sequence '\\{c}'");
        }
    }

    private static string Hex(string src, ref int i, int digits, int start)
    {
        if (i + digits > src.Length || !int.TryParse(src.AsSpan(i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
        {
            throw new CelException($"<input>:1:{start + 1}: Syntax error: invalid escape sequence");
        }
        i += digits;
        return char.ConvertFromUtf32(code);
    }
}
