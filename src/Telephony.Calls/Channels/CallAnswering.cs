using System.Text;
using Microsoft.Extensions.Options;
using Telephony.Calls.Admission;
using Telephony.Calls.Configuration;
using Telephony.Calls.Metrics;
using Telephony.Media;
using Telephony.Media.Sdp;
using Telephony.Media.Sessions;
using Telephony.Sip;

namespace Telephony.Calls.Channels;

/// <summary>
/// Answers an INVITE with media: to an offer with our answer (RFC 3264), or, when the INVITE carried no offer,
/// with our offer in the 200 and the caller's answer read from the ACK. Refusals carry a 488 with a Warning.
/// </summary>
public sealed class CallAnswering(
    TelephonyMetrics metrics, IOptions<MediaSettings> media, AdmissionSettings admission, TimeProvider time, ILogger<CallAnswering> logger)
{
    private readonly TimeSpan _ackTimeout = TimeSpan.FromSeconds(admission.AckTimeoutSeconds);

    /// <summary>The codecs we support, in the order our own offers list them.</summary>
    public static readonly AudioCodec[] PreferredCodecs = [AudioCodec.Pcma, AudioCodec.Pcmu];

    /// <summary><c>Media:CodecPreference</c>, read once: a typo fails the start instead of every call.</summary>
    public CodecPreference Codecs { get; } = CodecPreference.Parse(media.Value.CodecPreference, PreferredCodecs);

    /// <summary>The negotiated audio once the call is answered and confirmed, or null when it was refused or ended.</summary>
    /// <param name="beforeOk">Awaited once the call is accepted, right before the 200 OK is sent (the call's record is
    /// made durable there); when it ran and the answer is null, the 200 went out (or was about to) unconfirmed.</param>
    public async Task<NegotiatedAudio?> AnswerAsync(IncomingCall call, RtpSession rtp, Func<Task> beforeOk) =>
        call.RemoteSdp.IsEmpty ? await AnswerWithOfferAsync(call, rtp, beforeOk) : await AnswerOfferAsync(call, rtp, beforeOk);

    private async Task<NegotiatedAudio?> AnswerOfferAsync(IncomingCall call, RtpSession rtp, Func<Task> beforeOk)
    {
        if (!SdpSessionDescription.TryParse(Encoding.UTF8.GetString(call.RemoteSdp.Span), out var offer, out var error))
        {
            await RejectAsync(call, 488, "Not Acceptable Here", $"399 telephony \"Malformed SDP: {error}\"");
            return null;
        }

        var negotiation = SdpOfferAnswer.Answer(offer!, call.LocalAddress, rtp.LocalPort, Codecs);
        if (negotiation.Answer is null || negotiation.Audio is null)
        {
            await RejectAsync(call, 488, "Not Acceptable Here", $"{negotiation.WarningCode} telephony \"{negotiation.Failure}\"");
            return null;
        }

        return await ConfirmedAsync(call, Encoding.UTF8.GetBytes(negotiation.Answer.ToString()), beforeOk) ? negotiation.Audio : null;
    }

    /// <summary>
    /// Sends the 200 OK and waits for its ACK, but only for <c>Admission:AckTimeoutSeconds</c>, not the stack's 64×T1
    /// (32 s): INVITEs that are never acknowledged must not pin an RTP port pair each for half a minute. A call given up
    /// is hung up (BYE) and its ports are released by the caller of this method.
    /// </summary>
    private async Task<bool> ConfirmedAsync(IncomingCall call, byte[] sdp, Func<Task> beforeOk)
    {
        await beforeOk();
        if (call.Terminated.IsCompleted)
        {
            // The caller gave up (CANCEL) while the record was being stored: the stack has answered 487.
            logger.LogInformation("Call {CallId}: cancelled before our 200 OK", call.CallId);
            return false;
        }

        var answered = call.AnswerAsync(sdp);
        try
        {
            await answered.WaitAsync(_ackTimeout, time);
            return true;
        }
        catch (TimeoutException) when (!answered.IsCompleted)
        {
            // Observed later, so the stack's own timeout, if it ever fires, is not an unobserved exception.
            _ = answered.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
        catch (TimeoutException)
        {
            // The stack's own ACK timeout (it sent its BYE).
        }

        metrics.SetupUnconfirmed();
        logger.LogWarning("Call {CallId}: no ACK within {Seconds:0} s of our 200 OK; hanging up and releasing its media ports", call.CallId, _ackTimeout.TotalSeconds);
        // Not awaited: a caller that never acknowledged rarely answers our BYE either, and its transaction may take
        // 64×T1 (32 s) to give up; the ports and the call's open row must not wait for it. The stack still retransmits
        // the BYE and logs its fate (HangUpAsync never faults).
        _ = call.HangUpAsync();
        return false;
    }

    private async Task<NegotiatedAudio?> AnswerWithOfferAsync(IncomingCall call, RtpSession rtp, Func<Task> beforeOk)
    {
        var offer = SdpOfferAnswer.CreateOffer(call.LocalAddress, rtp.LocalPort, Codecs.Codecs);
        if (!await ConfirmedAsync(call, Encoding.UTF8.GetBytes(offer.ToString()), beforeOk))
        {
            return null;
        }

        var (audio, failure) = ReadAnswer(offer, call.AckSdp);
        if (audio is not null)
        {
            return audio;
        }

        // The dialog exists (200 and ACK were exchanged), so the only way out is BYE.
        logger.LogWarning("Call {CallId}: offerless INVITE without a usable answer ({Failure}); hanging up", call.CallId, failure);
        metrics.CallRejected(488);
        await call.HangUpAsync();
        return null;
    }

    private static (NegotiatedAudio? Audio, string? Failure) ReadAnswer(SdpSessionDescription offer, ReadOnlyMemory<byte> ackSdp)
    {
        if (ackSdp.IsEmpty)
        {
            return (null, "the ACK carried no SDP answer");
        }

        if (!SdpSessionDescription.TryParse(Encoding.UTF8.GetString(ackSdp.Span), out var answer, out var error))
        {
            return (null, $"malformed SDP answer: {error}");
        }

        var accepted = SdpOfferAnswer.AcceptAnswer(offer, answer!);
        return accepted.Audio is { } audio ? (audio, null) : (null, accepted.Failure);
    }

    private async Task RejectAsync(IncomingCall call, int status, string reason, string warning)
    {
        metrics.CallRejected(status);
        logger.LogInformation("Call {CallId} refused: {Status} {Warning}", call.CallId, status, warning);
        await call.RejectAsync(status, reason, [new("Warning", warning)]);
    }
}
