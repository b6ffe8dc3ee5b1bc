using System.Net;
using System.Text;
using Telephony.Media;
using Telephony.Media.Sdp;

namespace Telephony.Fuzz;

/// <summary>
/// The SDP a caller's INVITE carries (the offer we answer) and the one an agent's phone or the trunk answers our
/// offer with: parse, then negotiate both ways. A refusal is a result, never an exception.
/// </summary>
public static class SdpFuzzTarget
{
    private static readonly AudioCodec[] Codecs = [AudioCodec.Pcma, AudioCodec.Pcmu];
    private static readonly SdpSessionDescription OurOffer = SdpOfferAnswer.CreateOffer(IPAddress.Loopback, 40000, Codecs);

    public static void Run(ReadOnlySpan<byte> data)
    {
        // The SIP layer hands the body over as UTF-8 text whatever its bytes (invalid sequences become U+FFFD).
        var text = Encoding.UTF8.GetString(data);
        if (!SdpSessionDescription.TryParse(text, out var description, out var error))
        {
            if (string.IsNullOrWhiteSpace(error))
            {
                throw new InvalidOperationException("a refused SDP must say why");
            }

            return;
        }

        _ = SdpOfferAnswer.Answer(description!, IPAddress.Loopback, 40000, Codecs);
        _ = SdpOfferAnswer.AcceptAnswer(OurOffer, description!);
    }
}
