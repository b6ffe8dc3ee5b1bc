using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>Where transports deliver what they receive.</summary>
internal interface ISipMessageSink
{
    void OnMessage(SipMessage message, SipFlow flow);

    void OnParseError(SipParseException error, SipFlow flow);

    void OnOversized(ReadOnlyMemory<byte> data, SipFlow flow);
}
