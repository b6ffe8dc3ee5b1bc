using System.Globalization;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Dialogs;

/// <summary>re-INVITE from the far end (hold, unhold, codec or address change): RFC 3261 §14.2.</summary>
public abstract partial class SipDialog
{
    private ReadOnlyMemory<byte> _localSdp;
    private bool _sessionUp;
    private bool _reinvitePending;

    /// <summary>
    /// Answers the SDP offer of a re-INVITE (e.g. a=sendonly for hold) with the current session: new offer in,
    /// answer out. The answer also becomes the session later offerless re-INVITEs are answered with.
    /// When null, or when the re-INVITE carries no SDP, the stack answers with our current SDP: the answer an
    /// incoming call was answered with, the offer an outgoing call was placed with (or what the handler last returned).
    /// If the handler throws or returns an empty answer, the re-INVITE is refused with 488 and the session is unchanged.
    /// </summary>
    public Func<ReadOnlyMemory<byte>, ValueTask<ReadOnlyMemory<byte>>>? ReinviteHandler { get; set; }

    /// <summary>Final response to a re-INVITE; completes synchronously unless <see cref="ReinviteHandler"/> runs.</summary>
    internal ValueTask<SipResponse> CreateReInviteResponseAsync(SipRequest reInvite)
    {
        var offer = reInvite.HasContentType("application/sdp") ? reInvite.Body : ReadOnlyMemory<byte>.Empty;
        var handler = ReinviteHandler;
        lock (Gate)
        {
            if (!_sessionUp)
            {
                // Not answered yet: the initial offer/answer exchange is still open.
                return ValueTask.FromResult(CreateResponse(reInvite, 491, "Request Pending"));
            }

            if (_reinvitePending)
            {
                // A second re-INVITE while the first is unanswered (RFC 3261 §14.2): 500 with a random Retry-After.
                var busy = CreateResponse(reInvite, 500, "Previous re-INVITE Pending");
                busy.Headers.Insert(busy.Headers.Count - 1, "Retry-After", Random.Shared.Next(0, 11).ToString(CultureInfo.InvariantCulture));
                return ValueTask.FromResult(busy);
            }

            if (handler is null || offer.IsEmpty)
            {
                return ValueTask.FromResult(CreateReInviteOk(reInvite, _localSdp));
            }

            _reinvitePending = true;
        }

        return AnswerWithHandlerAsync(reInvite, offer, handler);
    }

    /// <summary>The offer/answer exchange of the INVITE is done: re-INVITEs are answered from now on (caller holds <see cref="Gate"/>).</summary>
    private protected void OpenSession(ReadOnlyMemory<byte> localSdp)
    {
        _localSdp = localSdp;
        _sessionUp = true;
    }

    private async ValueTask<SipResponse> AnswerWithHandlerAsync(
        SipRequest reInvite, ReadOnlyMemory<byte> offer, Func<ReadOnlyMemory<byte>, ValueTask<ReadOnlyMemory<byte>>> handler)
    {
        try
        {
            ReadOnlyMemory<byte> answer;
            try
            {
                answer = await handler(offer.ToArray()).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Host.Log.Log(SipLogLevel.Error, $"{Description}: re-INVITE handler failed", e);
                return CreateResponse(reInvite, 488, "Not Acceptable Here");
            }

            if (answer.IsEmpty)
            {
                return CreateResponse(reInvite, 488, "Not Acceptable Here");
            }

            var copy = answer.ToArray();
            lock (Gate)
            {
                _localSdp = copy;
            }

            return CreateReInviteOk(reInvite, copy);
        }
        finally
        {
            lock (Gate)
            {
                _reinvitePending = false;
            }
        }
    }

    private SipResponse CreateReInviteOk(SipRequest reInvite, ReadOnlyMemory<byte> sdp)
    {
        var ok = CreateResponse(reInvite, 200, "OK");
        ok.SetBody(sdp, "application/sdp");
        return ok;
    }
}
