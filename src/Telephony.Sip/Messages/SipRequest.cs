using System.Text;

namespace Telephony.Sip.Messages;

public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, SipUri requestUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        Method = method;
        RequestUri = requestUri ?? throw new ArgumentNullException(nameof(requestUri));
    }

    /// <summary>Method as written (case-sensitive, RFC 3261 §7.1): INVITE, ACK, BYE, ...</summary>
    public string Method { get; }

    public SipUri RequestUri { get; }

    protected override void AppendStartLine(StringBuilder builder) =>
        builder.Append(Method).Append(' ').Append(RequestUri).Append(' ').Append(Version20);
}
