using System.Text.RegularExpressions;

namespace Telephony.Dashboards.Tests.Support;

/// <summary>
/// Just enough of PromQL's lexical structure to list the metric names an expression reads, so that rules and panels can
/// be checked against the metric list of dashboards/README.md without a Prometheus. Whether an expression parses is
/// promtool's job (PromtoolTests): this only has to tell a metric name from a function, a keyword, a label name or a
/// duration.
/// </summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
        "quantile", "limitk", "limit_ratio", "inf", "nan", "start", "end",
    };

    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    /// <summary>The distinct metric names (recorded or exported) that <paramref name="expression"/> selects.</summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var tokens = Tokenize(expression);
        var braces = 0;
        var brackets = 0;
        var labelListDepth = -1;
        var parens = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case TokenKind.Punctuation when token.Text == "{":
                    braces++;
                    break;
                case TokenKind.Punctuation when token.Text == "}":
                    braces--;
                    break;
                case TokenKind.Punctuation when token.Text == "[":
                    brackets++;
                    break;
                case TokenKind.Punctuation when token.Text == "]":
                    brackets--;
                    break;
                case TokenKind.Punctuation when token.Text == "(":
                    parens++;
                    break;
                case TokenKind.Punctuation when token.Text == ")":
                    if (parens == labelListDepth)
                    {
                        labelListDepth = -1;
                    }

                    parens--;
                    break;
                case TokenKind.Identifier:
                    if (braces > 0 || brackets > 0 || labelListDepth >= 0)
                    {
                        // A label name in a matcher or a grouping list, or a duration unit.
                        break;
                    }

                    var next = i + 1 < tokens.Count ? tokens[i + 1].Text : string.Empty;
                    if (LabelListKeywords.Contains(token.Text) && next == "(")
                    {
                        labelListDepth = parens + 1;
                        break;
                    }

                    if (Keywords.Contains(token.Text.ToLowerInvariant()) || next == "(")
                    {
                        break;
                    }

                    names.Add(token.Text);
                    break;
            }
        }

        if (braces != 0 || brackets != 0 || parens != 0)
        {
            throw new FormatException($"unbalanced brackets in: {expression}");
        }

        return names;
    }

    /// <summary>The Grafana variables an expression uses ($name and ${name}), built-ins ($__...) included.</summary>
    public static IReadOnlySet<string> GrafanaVariables(string expression) =>
        new SortedSet<string>(VariableReference().Matches(expression).Select(m => m.Groups["name"].Value), StringComparer.Ordinal);

    internal enum TokenKind
    {
        Identifier,
        Number,
        String,
        Punctuation,
        Operator,
        Variable,
    }

    internal readonly record struct Token(TokenKind Kind, string Text);

    internal static IReadOnlyList<Token> Tokenize(string expression)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                // A comment runs to the end of the line.
                while (i < expression.Length && expression[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is '"' or '\'' or '`')
            {
                var start = i++;
                while (i < expression.Length && expression[i] != c)
                {
                    i += expression[i] == '\\' && c != '`' ? 2 : 1;
                }

                if (i >= expression.Length)
                {
                    throw new FormatException($"unterminated string in: {expression}");
                }

                i++;
                tokens.Add(new Token(TokenKind.String, expression[start..i]));
            }
            else if (c == '$')
            {
                var match = VariableReference().Match(expression, i);
                if (!match.Success || match.Index != i)
                {
                    throw new FormatException($"bad variable at {i} in: {expression}");
                }

                tokens.Add(new Token(TokenKind.Variable, match.Value));
                i += match.Length;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < expression.Length && char.IsAsciiDigit(expression[i + 1])))
            {
                // Numbers and durations (5m, 1h30m, 6d23h59m30s, 1e3, 0x1f) read as one token.
                var start = i;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] == '.' ||
                       ((expression[i] is '+' or '-') && (expression[i - 1] is 'e' or 'E') && !IsDuration(expression[start..i]))))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, expression[start..i]));
            }
            else if (char.IsAsciiLetter(c) || c is '_' or ':')
            {
                var start = i;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] is '_' or ':'))
                {
                    i++;
                }

                var text = expression[start..i];
                // ":" alone is the subquery separator ([1h:5m]), not a name.
                tokens.Add(new Token(text == ":" ? TokenKind.Punctuation : TokenKind.Identifier, text));
            }
            else if (c is '(' or ')' or '{' or '}' or '[' or ']' or ',')
            {
                tokens.Add(new Token(TokenKind.Punctuation, c.ToString()));
                i++;
            }
            else
            {
                var two = i + 1 < expression.Length ? expression.Substring(i, 2) : string.Empty;
                if (two is "==" or "!=" or "<=" or ">=" or "=~" or "!~")
                {
                    tokens.Add(new Token(TokenKind.Operator, two));
                    i += 2;
                }
                else if (c is '+' or '-' or '*' or '/' or '%' or '^' or '<' or '>' or '=' or '@')
                {
                    tokens.Add(new Token(TokenKind.Operator, c.ToString()));
                    i++;
                }
                else
                {
                    throw new FormatException($"unexpected '{c}' at {i} in: {expression}");
                }
            }
        }

        return tokens;
    }

    private static bool IsDuration(string text) => DurationPattern().IsMatch(text);

    [GeneratedRegex(@"^([0-9]+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"\$(\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:[A-Za-z]+)?\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex VariableReference();
}
