using System.Collections;
using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>
/// Ordered ";name=value" parameters (header or URI parameters). Names compare case-insensitively;
/// a parameter without "=value" has a null value. Values are kept as written (quotes included).
/// </summary>
public sealed class SipParameters : IReadOnlyList<KeyValuePair<string, string?>>
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;

    public KeyValuePair<string, string?> this[int index] => _items[index];

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Value of the parameter, null when absent or when it has no value.</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : _items[index].Value;
    }

    public void Set(string name, string? value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            _items.Add(new KeyValuePair<string, string?>(name, value));
        }
        else
        {
            _items[index] = new KeyValuePair<string, string?>(_items[index].Key, value);
        }
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        _items.RemoveAt(index);
        return true;
    }

    internal void AddParsed(string name, string? value) => _items.Add(new KeyValuePair<string, string?>(name, value));

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    internal void AppendTo(StringBuilder builder)
    {
        foreach (var (name, value) in _items)
        {
            builder.Append(';').Append(name);
            if (value is not null)
            {
                builder.Append('=').Append(value);
            }
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    /// <summary>
    /// Parses header parameters from s[index..]: each is SWS ";" SWS name [SWS "=" SWS (token|host|quoted-string)].
    /// Empty names (";;") are malformed.
    /// </summary>
    internal static SipParameters ParseHeaderParameters(string s, int index, string what)
    {
        var parameters = new SipParameters();
        index = SipSyntax.SkipWhitespace(s, index);
        while (index < s.Length)
        {
            if (s[index] != ';')
            {
                throw SipParseException.BadRequest($"Malformed {what} parameters");
            }

            index = SipSyntax.SkipWhitespace(s, index + 1);
            var nameStart = index;
            while (index < s.Length && SipSyntax.IsTokenChar(s[index]))
            {
                index++;
            }

            if (index == nameStart)
            {
                throw SipParseException.BadRequest($"Empty {what} parameter");
            }

            var name = s[nameStart..index];
            index = SipSyntax.SkipWhitespace(s, index);
            string? value = null;
            if (index < s.Length && s[index] == '=')
            {
                index = SipSyntax.SkipWhitespace(s, index + 1);
                if (index < s.Length && s[index] == '"')
                {
                    var end = SipSyntax.ReadQuotedString(s, index, out _);
                    value = s[index..end];
                    index = end;
                }
                else
                {
                    var valueStart = index;
                    while (index < s.Length && IsParamValueChar(s[index]))
                    {
                        index++;
                    }

                    if (index == valueStart)
                    {
                        throw SipParseException.BadRequest($"Empty {what} parameter value");
                    }

                    value = s[valueStart..index];
                }
            }

            parameters.AddParsed(name, value);
            index = SipSyntax.SkipWhitespace(s, index);
        }

        return parameters;
    }

    // gen-value = token / host / quoted-string; host adds ':' '[' ']' for IPv6 literals.
    private static bool IsParamValueChar(char c) => SipSyntax.IsTokenChar(c) || c is ':' or '[' or ']';

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
