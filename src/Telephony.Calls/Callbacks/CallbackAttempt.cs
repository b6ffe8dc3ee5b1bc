using System.Text;
using Microsoft.Extensions.Options;
using Telephony.Calls.Channels;
using Telephony.Calls.Configuration;
using Telephony.Calls.Conversations;
using Telephony.Calls.Metrics;
using Telephony.Calls.Queues;
using Telephony.Grains.Abstractions;
using Telephony.Ivr;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;
using Telephony.Media.Sdp;
using Telephony.Sms;
using Telephony.Storage;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// One call to the citizen, with the agent already on the line: dialled through the trunk, and on answer the citizen
/// hears who is calling (the network's callback prompt) and is bridged to the agent; the callback is completed the
/// moment they answer (the gate of the state machine), and recorded when the conversation ends. A failed callback
/// gets its SMS and its record here too.
/// </summary>
public sealed class CallbackAttempt(
    CallbackRequestRepository requests,
    CitizenTrunk trunk,
    MediaResources media,
    CallAnswering answering,
    IConversation conversation,
    CallRecorder recorder,
    ISmsNotifications sms,
    IGrainFactory grains,
    NodeIdentity node,
    TelephonyMetrics metrics,
    IOptions<CallbackSettings> settings,
    IOptions<IvrSettings> ivrSettings,
    TimeProvider time,
    ILogger<CallbackAttempt> logger)
{
    /// <summary>The prompt a network's citizens hear when they answer a callback, relative to <c>Ivr:ScriptsPath</c>.</summary>
    public static string IntroPromptPath(string network) => Path.Combine("prompts", "common", "callbacks", network.ToLowerInvariant() + ".wav");

    public async Task<CallbackAttemptResult> CallCitizenAsync(CallbackRequest callback, IvrScript script, QueueDefinition queue, IAgentLeg agent, CancellationToken stopping)
    {
        var startedAt = time.GetUtcNow();
        RtpSession rtp;
        try
        {
            rtp = media.OpenSession();
        }
        catch (RtpPortsExhaustedException)
        {
            logger.LogWarning("Callback {CallbackId}: no RTP port left to call the citizen", callback.Id);
            return Counted(callback, CallbackAttemptResult.Error);
        }

        await using (rtp)
        {
            var offer = SdpOfferAnswer.CreateOffer(trunk.LocalAddress, rtp.LocalPort, CallAnswering.PreferredCodecs);
            logger.LogInformation("Callback {CallbackId}: attempt {Attempt}, calling {Number} through the trunk",
                callback.Id, callback.Attempts, PhoneNumberMasking.Mask(callback.PhoneNumber));
            var call = await trunk.CallAsync(callback.PhoneNumber, callback.Line, Encoding.UTF8.GetBytes(offer.ToString()), settings.Value.RingTimeout, stopping);
            if (!call.IsAnswered)
            {
                var failed = CallbackStateMachine.ResultOf(call.Outcome, call.StatusCode);
                logger.LogInformation("Callback {CallbackId}: attempt {Attempt} not answered ({Outcome} {Status}): {Result}",
                    callback.Id, callback.Attempts, call.Outcome, call.StatusCode, failed.Label());
                return Counted(callback, failed);
            }

            if (SipAgentDialer.NegotiatedAudioOf(offer, call.RemoteSdp) is not { } audio)
            {
                logger.LogWarning("Callback {CallbackId}: the citizen's side answered without a usable codec", callback.Id);
                await call.HangUpAsync();
                return Counted(callback, CallbackAttemptResult.Error);
            }

            var answeredAt = time.GetUtcNow();
            if (!await requests.CompleteAsync(callback.Id, node.Id, answeredAt, CancellationToken.None))
            {
                // Another node took the callback over meanwhile (this one lost its lease): it is theirs now.
                logger.LogWarning("Callback {CallbackId}: answered but no longer held by this node; hanging up", callback.Id);
                await call.HangUpAsync();
                return CallbackAttemptResult.Error;
            }

            Counted(callback, CallbackAttemptResult.Answered);
            metrics.CallbackCounted(callback.Network, callback.Line, "completed");
            metrics.CallbackCompleted(callback.Network, callback.Line, answeredAt - Origin(callback));
            rtp.Start(audio);
            SessionRenegotiation.Attach(call, rtp, answering.Codecs, logger);
            using var citizen = new SipMediaCallChannel(call, callback.PhoneNumber, rtp, media.Prompts, logger);
            var intro = Path.GetFullPath(Path.Combine(ivrSettings.Value.ScriptsPath, IntroPromptPath(callback.Network)));
            if (File.Exists(intro))
            {
                await citizen.PlayAsync(intro, citizen.Ended);
            }

            var end = await conversation.RunAsync(citizen, new AgentConnection(agent, answeredAt, 1), script, stopping);
            await citizen.HangUpAsync();
            var context = new CallContext(call.CallId, callback.Network, callback.Line, callback.PhoneNumber, startedAt, answeredAt);
            recorder.RecordCallback(context, new CallResult(CallOutcome.AnsweredAgent, ["callback"], queue.Id, callback.QueuedAt, end.EndReason)
            {
                AgentId = agent.Reservation.AgentId,
                AgentAnsweredAt = answeredAt,
                RingAttempts = callback.Attempts,
                TalkTime = end.TalkTime,
                SurveyAsked = end.Survey is not null,
                SurveyScore = end.Survey?.Score,
            }, Reporting.OutcomeCounts.CallbackCompletedOutcome, time.GetUtcNow());
            return CallbackAttemptResult.Answered;
        }
    }

    /// <summary>The citizen was not reached: the agent's call ends and the agent is Ready again (no wrap-up to sit out).</summary>
    public async Task ReleaseAgentAsync(IAgentLeg leg)
    {
        var agent = grains.GetGrain<IAgentGrain>(leg.Reservation.AgentId);
        await leg.DisposeAsync();
        try
        {
            await agent.CallEnded(leg.Reservation.CallId);
            await agent.EndWrapUp();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The OnCall lease and the wrap-up's end free the agent anyway.
            logger.LogWarning(error, "Callback: could not release agent {AgentId} at once", leg.Reservation.AgentId);
        }
    }

    /// <summary>The last attempt failed: failed for good, the SMS telling how to call again, the record Rf counts.</summary>
    public async Task FailAsync(CallbackRequest callback, IvrScript script, CallbackAttemptResult last)
    {
        var now = time.GetUtcNow();
        if (!await requests.FailAsync(callback.Id, node.Id, last.Label(), now, CancellationToken.None))
        {
            return;
        }

        metrics.CallbackCounted(callback.Network, callback.Line, "failed");
        logger.LogInformation("Callback {CallbackId} failed after {Attempts} attempt(s), last {Result}", callback.Id, callback.Attempts, last.Label());
        var context = new CallContext($"callback-{callback.Id:N}", callback.Network, callback.Line, callback.PhoneNumber, callback.RequestedAt, null);
        recorder.RecordCallback(context, new CallResult(CallOutcome.Dropped, ["callback"], callback.QueueId, callback.QueuedAt, last.Label())
        {
            RingAttempts = callback.Attempts,
        }, Reporting.OutcomeCounts.CallbackFailedOutcome, now);
        try
        {
            await sms.CallbackFailedAsync(new CallbackFailedSms
            {
                CallbackId = callback.Id.ToString("D"),
                Network = callback.Network,
                PhoneNumber = callback.PhoneNumber,
                CallAgainNumber = script.LineLabel,
            });
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogError(error, "Callback {CallbackId}: its failure SMS could not be stored", callback.Id);
        }
    }

    private CallbackAttemptResult Counted(CallbackRequest callback, CallbackAttemptResult result)
    {
        metrics.CallbackAttempted(callback.Network, callback.Line, result.Label());
        return result;
    }

    // From the request, or for an appointment from its slot's start (what the completion histogram measures).
    private static DateTimeOffset Origin(CallbackRequest callback) =>
        callback.Kind == CallbackKinds.Appointment ? callback.QueuedAt : callback.RequestedAt;
}
