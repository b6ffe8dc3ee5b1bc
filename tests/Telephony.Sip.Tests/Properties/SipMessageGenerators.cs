using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Telephony.Sip.Tests.Properties;

/// <summary>FsCheck generators of well-formed SIP requests built from the RFC 3261 grammar's pieces.</summary>
internal static class SipMessageGenerators
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    private const string TokenChars = Alphanumeric + "-.!%*_+`'~";

    private const string UserChars = Alphanumeric + "-_.!~*'()&=+$/";

    private static readonly string[] Methods = ["INVITE", "OPTIONS", "BYE", "CANCEL", "INFO", "REGISTER", "MESSAGE", "X-PING"];

    private static readonly string[] ExtensionNames = ["X-Custom", "P-Asserted-Identity", "Subject", "s", "User-Agent", "Organization", "NewFangled"];

    public static Gen<string> Token(int max = 12) =>
        Gen.Choose(1, max).SelectMany(length => Gen.ArrayOf(Gen.Elements(TokenChars.ToCharArray()), length)).Select(chars => new string(chars));

    private static Gen<string> Word(string alphabet, int min, int max) =>
        Gen.Choose(min, max).SelectMany(length => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)).Select(chars => new string(chars));

    public static Gen<string> Host() =>
        Gen.OneOf(
            Word("abcdefghijklmnopqrstuvwxyz", 1, 10).Select(label => label + ".example.org"),
            Gen.ArrayOf(Gen.Choose(0, 255), 4).Select(octets => string.Join('.', octets)),
            Gen.Elements("[2001:db8::1]", "[::1]", "[fe80::a:b:c:d]"));

    public static Gen<string> Uri() =>
        from scheme in Gen.Elements("sip", "sips")
        from user in Gen.OneOf(Word(UserChars, 1, 12), Word("0123456789", 4, 12), Gen.Constant("%2B33809401401"))
        from host in Host()
        from port in Gen.OneOf(Gen.Constant(string.Empty), Gen.Choose(1, 65535).Select(p => ":" + p))
        from parameters in Gen.ListOf(Gen.Elements(";transport=tcp", ";lr", ";user=phone", ";maddr=192.0.2.4", ";x-unknown=v%41l"))
        select $"{scheme}:{user}@{host}{port}{string.Concat(parameters.Distinct())}";

    public static Gen<string> NameAddr(string tag) =>
        from display in Gen.OneOf(Gen.Constant(string.Empty), Token(8).Select(t => t + " "), Gen.Elements("\"Jean \\\"Jo\\\" Dupont\" ", "\"Caf\u00e9 \u00e0 la cr\u00e8me\" ", "\"\" "))
        from uri in Uri()
        from bracketed in Gen.Elements(true, display.Length > 0)
        select (bracketed || display.Length > 0 ? $"{display}<{uri}>" : uri.Split(';')[0]) + tag;

    public static Gen<string> Via() =>
        from transport in Gen.Elements("UDP", "TCP", "TLS", "SCTP", "WS")
        from host in Host()
        from port in Gen.Choose(1024, 65535)
        from branch in Token(20)
        from rport in Gen.Elements(string.Empty, ";rport", ";rport=5062", ";received=192.0.2.9")
        select $"SIP/2.0/{transport} {host}:{port};branch=z9hG4bK{branch}{rport}";

    private static Gen<(string Name, string Value)> ExtensionHeader() =>
        from name in Gen.OneOf(Gen.Elements(ExtensionNames), Token(10).Select(t => "X-" + t))
        from value in Gen.OneOf(Token(30), Gen.Elements("a, b, c", "quoted \"va,l;ue\" here", "\u00e9t\u00e9 UTF-8", "<sip:x@y>;p=1", string.Empty))
        select (name, value);

    private static Gen<byte[]> Body() =>
        Gen.OneOf(
            Gen.Constant(Array.Empty<byte>()),
            Gen.Constant(Encoding.ASCII.GetBytes("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n")),
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)));

    /// <summary>A whole request as wire bytes: compact and long header names, repeated and comma-joined headers, binary body.</summary>
    public static Gen<byte[]> Request() =>
        from method in Gen.Elements(Methods)
        from requestUri in Uri()
        from vias in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Via(), n))
        from joinVias in Gen.Elements(true, false)
        from fromValue in NameAddr(";tag=").SelectMany(f => Token(10).Select(t => f + t))
        from to in NameAddr(string.Empty)
        from callId in Token(24).SelectMany(id => Gen.Elements(id, id + "@" + "host.example"))
        from cseq in Gen.Choose(0, int.MaxValue)
        from maxForwards in Gen.Choose(0, 255)
        from compact in Gen.Elements(true, false)
        from extensions in Gen.ListOf(ExtensionHeader())
        from body in Body()
        select Assemble(method, requestUri, vias, joinVias, fromValue, to, callId, (uint)cseq, maxForwards, compact, extensions, body);

    private static byte[] Assemble(
        string method, string requestUri, string[] vias, bool joinVias, string from, string to, string callId, uint cseq, int maxForwards,
        bool compact, IEnumerable<(string Name, string Value)> extensions, byte[] body)
    {
        var text = new StringBuilder();
        text.Append(method).Append(' ').Append(requestUri).Append(" SIP/2.0\r\n");
        if (joinVias)
        {
            text.Append(compact ? "v: " : "Via: ").Append(string.Join(", ", vias)).Append("\r\n");
        }
        else
        {
            foreach (var via in vias)
            {
                text.Append(compact ? "v: " : "VIA:  ").Append(via).Append("\r\n");
            }
        }

        text.Append(compact ? "f: " : "From: ").Append(from).Append("\r\n");
        text.Append(compact ? "t: " : "to:").Append(to).Append("\r\n");
        text.Append(compact ? "i: " : "Call-ID: ").Append(callId).Append("\r\n");
        text.Append("CSeq: ").Append(cseq).Append(' ').Append(method).Append("\r\n");
        text.Append("Max-Forwards: ").Append(maxForwards).Append("\r\n");
        foreach (var (name, value) in extensions)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body.Length > 0)
        {
            text.Append(compact ? "c: " : "Content-Type: ").Append("application/octet-stream\r\n");
        }

        text.Append(compact ? "l: " : "Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        var head = Encoding.UTF8.GetBytes(text.ToString());
        return [.. head, .. body];
    }
}
