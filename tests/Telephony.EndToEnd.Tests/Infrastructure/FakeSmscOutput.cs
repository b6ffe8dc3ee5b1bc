using System.Text;
using System.Text.RegularExpressions;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>An SMS as it reached Kannel's fake SMSC: sender id, number, and the text decoded (parts joined).</summary>
public sealed record FakeSmscMessage(string From, string To, string Text, int Parts)
{
    public override string ToString() => $"{From} -> {To} ({Parts} part(s)): {Text}";
}

/// <summary>
/// Reads fakesmsc's console: one line per SMS part, <c>Got message N: &lt;from to type payload&gt;</c>, where type is
/// <c>text</c> (plain, as UTF-8), <c>ucs-2</c> (URL-encoded UTF-16BE) or, for a part of a concatenated SMS,
/// <c>udh &lt;header&gt; data &lt;URL-encoded bytes&gt;</c>. Parts are joined by their concatenation reference
/// before decoding, since Kannel may split a UTF-8 character across two parts. A concatenated payload does not say its
/// coding: bytes with a NUL are read as UTF-16BE (French text in UCS-2 is every other byte 0), others as UTF-8.
/// </summary>
public static partial class FakeSmscOutput
{
    public static IReadOnlyList<FakeSmscMessage> Parse(string output)
    {
        var messages = new List<FakeSmscMessage>();
        var pending = new Dictionary<(string From, string To, int Reference), SortedDictionary<int, byte[]>>();
        foreach (Match line in GotMessage().Matches(output))
        {
            var (from, to, type, payload) = (line.Groups["from"].Value, line.Groups["to"].Value, line.Groups["type"].Value, line.Groups["payload"].Value);
            switch (type)
            {
                case "text":
                    messages.Add(new FakeSmscMessage(from, to, payload, 1));
                    break;
                case "ucs-2":
                    messages.Add(new FakeSmscMessage(from, to, Encoding.BigEndianUnicode.GetString(UrlDecode(payload)), 1));
                    break;
                case "udh":
                    var fields = payload.Split(' ', 3);
                    var header = UrlDecode(fields[0]);
                    if (fields.Length < 3 || ConcatenationOf(header) is not { } part)
                    {
                        messages.Add(new FakeSmscMessage(from, to, $"(unreadable udh part: {payload})", 1));
                        break;
                    }

                    var key = (from, to, part.Reference);
                    if (!pending.TryGetValue(key, out var parts))
                    {
                        pending[key] = parts = [];
                    }

                    parts[part.Sequence] = UrlDecode(fields[2]);
                    if (parts.Count == part.Total)
                    {
                        var bytes = parts.Values.SelectMany(b => b).ToArray();
                        var text = bytes.Contains((byte)0) ? Encoding.BigEndianUnicode.GetString(bytes) : Encoding.UTF8.GetString(bytes);
                        messages.Add(new FakeSmscMessage(from, to, text, part.Total));
                        pending.Remove(key);
                    }

                    break;
                default:
                    messages.Add(new FakeSmscMessage(from, to, $"({type}) {payload}", 1));
                    break;
            }
        }

        return messages;
    }

    // Information element 0x00 (8-bit reference) or 0x08 (16-bit reference) of a user data header.
    private static (int Reference, int Total, int Sequence)? ConcatenationOf(byte[] header) => header switch
    {
        [5, 0x00, 3, var reference, var total, var sequence] => (reference, total, sequence),
        [6, 0x08, 4, var high, var low, var total, var sequence] => ((high << 8) | low, total, sequence),
        _ => null,
    };

    // Form encoding as Kannel writes it: '+' is a space, %XX a byte, anything else itself.
    private static byte[] UrlDecode(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (text[i] == '%' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"Got message \d+: <(?<from>\S+) (?<to>\S+) (?<type>\S+) (?<payload>.*)>\r?$", RegexOptions.Multiline)]
    private static partial Regex GotMessage();
}
