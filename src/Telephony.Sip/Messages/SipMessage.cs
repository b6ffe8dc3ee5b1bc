using System.Globalization;
using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>Common part of requests and responses: ordered headers, body bytes, typed accessors.</summary>
public abstract class SipMessage
{
    public const string Version20 = "SIP/2.0";

    public SipHeaderCollection Headers { get; } = new();

    /// <summary>Message body, exactly the bytes framed by Content-Length (or the rest of the datagram).</summary>
    public ReadOnlyMemory<byte> Body { get; set; } = ReadOnlyMemory<byte>.Empty;

    public string? CallId => Headers.Get(SipHeaderNames.CallId);

    public NameAddress From => NameAddress.Parse(Required(SipHeaderNames.From));

    public NameAddress To => NameAddress.Parse(Required(SipHeaderNames.To));

    public CSeqHeader CSeq => CSeqHeader.Parse(Required(SipHeaderNames.CSeq));

    /// <summary>Every Via value, top first.</summary>
    public IReadOnlyList<ViaHeader> Vias => Headers.GetValues(SipHeaderNames.Via).Select(ViaHeader.Parse).ToList();

    public ViaHeader TopVia => ViaHeader.Parse(TopViaText ?? throw SipParseException.BadRequest("Missing Via"));

    /// <summary>The first Via value as text (first comma-separated value of the first Via line).</summary>
    public string? TopViaText
    {
        get
        {
            var first = Headers.Get(SipHeaderNames.Via);
            if (first is null)
            {
                return null;
            }

            var values = new List<string>(2);
            HeaderValueSplitter.SplitInto(first, values);
            return values[0];
        }
    }

    public string? ContentType => Headers.Get(SipHeaderNames.ContentType);

    public int? ContentLength =>
        int.TryParse(Headers.Get(SipHeaderNames.ContentLength), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : null;

    public int? MaxForwards =>
        int.TryParse(Headers.Get(SipHeaderNames.MaxForwards), NumberStyles.None, CultureInfo.InvariantCulture, out var hops) ? hops : null;

    /// <summary>True when the body's media type is the given one (parameters ignored, case-insensitive).</summary>
    public bool HasContentType(string mediaType)
    {
        var contentType = ContentType;
        if (contentType is null)
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return string.Equals(type, mediaType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Sets the body and the matching Content-Length (and Content-Type when given).</summary>
    public void SetBody(ReadOnlyMemory<byte> body, string? contentType)
    {
        Body = body;
        if (contentType is not null)
        {
            Headers.Set(SipHeaderNames.ContentType, contentType);
        }

        Headers.Set(SipHeaderNames.ContentLength, body.Length.ToString(CultureInfo.InvariantCulture));
    }

    protected abstract void AppendStartLine(StringBuilder builder);

    /// <summary>Serializes the message: start line, headers in order, blank line, body.</summary>
    public byte[] ToBytes()
    {
        var builder = new StringBuilder(512);
        AppendStartLine(builder);
        builder.Append("\r\n");
        foreach (var header in Headers)
        {
            builder.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
        }

        builder.Append("\r\n");
        var headerByteCount = Encoding.UTF8.GetByteCount(builder.ToString());
        var bytes = new byte[headerByteCount + Body.Length];
        Encoding.UTF8.GetBytes(builder.ToString(), bytes);
        Body.Span.CopyTo(bytes.AsSpan(headerByteCount));
        return bytes;
    }

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    private string Required(string name) =>
        Headers.Get(name) ?? throw SipParseException.BadRequest($"Missing {name}");
}
