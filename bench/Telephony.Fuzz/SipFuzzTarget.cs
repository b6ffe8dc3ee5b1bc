using Telephony.Sip.Messages;

namespace Telephony.Fuzz;

/// <summary>
/// What the fuzzers exercise: the parser, the round trip of whatever parses, the typed accessors the endpoint reads,
/// and the TCP framer. Any exception other than <see cref="SipParseException"/> escaping here is a bug.
/// </summary>
public static class SipFuzzTarget
{
    public static void Run(ReadOnlySpan<byte> data)
    {
        _ = SipStreamFramer.TryFrame(data, 65536, out _, out _);
        SipMessage message;
        try
        {
            message = SipParser.Parse(data);
        }
        catch (SipParseException)
        {
            return;
        }

        // A message the parser accepted must serialize to one it accepts again, with the same meaning.
        var again = SipParser.Parse(message.ToBytes());
        if (again.ToString() != message.ToString())
        {
            throw new InvalidOperationException("parse -> serialize -> parse changed the message");
        }

        // The endpoint reads these on every request: the parser's validation promised they work.
        _ = message.CSeq;
        _ = message.From.Tag;
        _ = message.To.Uri;
        _ = message.Vias;
        _ = message.TopVia.Branch;
        if (message is SipRequest request)
        {
            _ = request.RequestUri.User;
        }
    }
}
