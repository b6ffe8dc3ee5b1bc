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
/// One call to the citizen through the trunk. Agent first, the agent is already on the line: on answer the citizen
/// hears who is calling (the network's callback prompt) and is bridged; the callback is completed the moment they
/// answer (the gate of the state machine). Customer first, the citizen then waits for the next free agent and the
/// callback is completed when one answers. Recorded when the conversation ends. A failed callback gets its SMS and
/// its record here too.
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

    /// <summary>Agent first: the agent is on the line; the callback is completed the moment the citizen answers.</summary>
    public Task<CallbackAttemptResult> CallCitizenAsync(CallbackRequest callback, IvrScript script, QueueDefinition queue, IAgentLeg agent, CancellationToken stopping) =>
        ReachCitizenAsync(callback, stopping, async (citizen, reached) =>
        {
            if (!await CompleteAsync(callback, reached.AnsweredAt))
            {
                return CallbackAttemptResult.Error;
            }

            await PlayIntroAsync(citizen, callback);
            await TalkAsync(callback, script, queue, citizen, reached, new AgentConnection(agent, reached.AnsweredAt, 1), stopping);
            return CallbackAttemptResult.Answered;
        });

    /// <summary>
    /// Customer first: the citizen is called with no agent yet; on answer they hear who is calling, then wait (music)
    /// at the callback's place for the next free agent (<paramref name="waitForAgent"/>). The callback is completed only
    /// when an agent answers: a citizen who hangs up before, or a voicemail that answered, is an attempt that failed.
    /// </summary>
    public Task<CallbackAttemptResult> CallCitizenFirstAsync(
        CallbackRequest callback, IvrScript script, QueueDefinition queue, Func<ICallChannel, Task<AgentConnection?>> waitForAgent, CancellationToken stopping) =>
        ReachCitizenAsync(callback, stopping, async (citizen, reached) =>
        {
            await PlayIntroAsync(citizen, callback);
            AgentConnection? connected;
            try
            {
                connected = await waitForAgent(citizen);
            }
            catch (OperationCanceledException)
            {
                connected = null;
            }

            if (connected is null)
            {
                // Read before our own hang-up, which ends the channel too.
                var ended = citizen.Ended.IsCancellationRequested && !stopping.IsCancellationRequested;
                await citizen.HangUpAsync();
                logger.LogInformation("Callback {CallbackId}: the citizen {How} before an agent answered", callback.Id, ended ? "hung up" : "was let go (service stopping)");
                return ended ? CallbackAttemptResult.HungUpWaiting : CallbackAttemptResult.Error;
            }

            if (!await CompleteAsync(callback, connected.AnsweredAt))
            {
                await ReleaseAgentAsync(connected.Agent);
                return CallbackAttemptResult.Error;
            }

            await TalkAsync(callback, script, queue, citizen, reached, connected, stopping);
            return CallbackAttemptResult.Answered;
        });

    /// <summary>
    /// Dials the citizen through the trunk and, when they answer with a usable codec, runs <paramref name="answered"/>
    /// with their media started; counts the attempt's result either way.
    /// </summary>
    private async Task<CallbackAttemptResult> ReachCitizenAsync(
        CallbackRequest callback, CancellationToken stopping, Func<SipMediaCallChannel, ReachedCitizen, Task<CallbackAttemptResult>> answered)
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

            rtp.Start(audio, call.RemoteEndPoint.Address);
            SessionRenegotiation.Attach(call, rtp, answering.Codecs, logger);
            using var citizen = new SipMediaCallChannel(call, callback.PhoneNumber, rtp, media.Prompts, logger);
            var result = await answered(citizen, new ReachedCitizen(call.CallId, startedAt, time.GetUtcNow()));
            await citizen.HangUpAsync();
            return Counted(callback, result);
        }
    }

    /// <summary>The gate of the state machine: dialling to completed, once; false when another node holds the callback now.</summary>
    private async Task<bool> CompleteAsync(CallbackRequest callback, DateTimeOffset connectedAt)
    {
        if (!await requests.CompleteAsync(callback.Id, node.Id, connectedAt, CancellationToken.None))
        {
            // Another node took the callback over meanwhile (this one lost its lease): it is theirs now.
            logger.LogWarning("Callback {CallbackId}: answered but no longer held by this node; hanging up", callback.Id);
            return false;
        }

        metrics.CallbackCounted(callback.Network, callback.Line, "completed");
        metrics.CallbackCompleted(callback.Network, callback.Line, connectedAt - Origin(callback));
        return true;
    }

    private async Task PlayIntroAsync(SipMediaCallChannel citizen, CallbackRequest callback)
    {
        var intro = Path.GetFullPath(Path.Combine(ivrSettings.Value.ScriptsPath, IntroPromptPath(callback.Network)));
        if (File.Exists(intro))
        {
            await citizen.PlayAsync(intro, citizen.Ended);
        }
    }

    /// <summary>The conversation with the agent, then the record the pick-up rate counts as a callback completed.</summary>
    private async Task TalkAsync(
        CallbackRequest callback, IvrScript script, QueueDefinition queue, SipMediaCallChannel citizen, ReachedCitizen reached, AgentConnection agent, CancellationToken stopping)
    {
        var end = await conversation.RunAsync(citizen, agent, script, stopping);
        await citizen.HangUpAsync();
        var context = new CallContext(reached.CallId, callback.Network, callback.Line, callback.PhoneNumber, reached.StartedAt, reached.AnsweredAt);
        recorder.RecordCallback(context, new CallResult(CallOutcome.AnsweredAgent, ["callback"], queue.Id, callback.QueuedAt, end.EndReason)
        {
            AgentId = agent.Agent.Reservation.AgentId,
            AgentAnsweredAt = agent.AnsweredAt,
            RingAttempts = callback.Attempts,
            TalkTime = end.TalkTime,
            SurveyAsked = end.Survey is not null,
            SurveyScore = end.Survey?.Score,
        }, Reporting.OutcomeCounts.CallbackCompletedOutcome, time.GetUtcNow());
    }

    /// <summary>The citizen's leg once answered: its SIP call id, when the attempt started and when they answered.</summary>
    private sealed record ReachedCitizen(string CallId, DateTimeOffset StartedAt, DateTimeOffset AnsweredAt);

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
