using System.Globalization;
using System.Text;

namespace Telephony.Sip.Messages;

public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string reasonPhrase)
    {
        if (statusCode is < 100 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "SIP status codes are 100-699.");
        }

        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? string.Empty;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    protected override void AppendStartLine(StringBuilder builder) =>
        builder.Append(Version20).Append(' ').Append(StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase);
}
