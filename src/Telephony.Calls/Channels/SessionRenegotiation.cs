using System.Text;
using Telephony.Media.Sdp;
using Telephony.Media.Sessions;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls.Channels;

/// <summary>
/// Answers re-INVITEs in an established dialog, either direction (a caller's hold, an agent phone putting the citizen
/// on hold, a new address after a network change) with the leg's current session: same RTP port, same codec while the
/// offer has it, direction mirrored, and the media session follows.
/// </summary>
internal static class SessionRenegotiation
{
    /// <param name="preference">The line's configured preference (<c>Media:CodecPreference</c>), as for the first answer.</param>
    public static void Attach(SipDialog call, RtpSession rtp, CodecPreference preference, ILogger logger)
    {
        call.ReinviteHandler = offer =>
        {
            // The SIP stack answers 488 (and keeps the current session) when this throws.
            var parsed = SdpSessionDescription.Parse(Encoding.UTF8.GetString(offer.Span));
            // The call keeps its codec while the new offer has it, whatever order the offer lists it in now.
            var negotiation = SdpOfferAnswer.Answer(parsed, call.LocalAddress, rtp.LocalPort, preference.Keeping(rtp.Audio?.Codec));
            if (negotiation.Answer is null || negotiation.Audio is null)
            {
                throw new InvalidOperationException($"re-INVITE refused: {negotiation.Failure}");
            }

            rtp.Start(negotiation.Audio, call.RemoteEndPoint.Address);
            logger.LogInformation("Call {CallId}: session renegotiated, we now {Direction}", call.CallId, negotiation.Audio.Direction);
            return ValueTask.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(negotiation.Answer.ToString()));
        };
    }
}
