using Telephony.Calls.Channels;
using Telephony.Calls.Queues;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Conversations;

/// <summary>
/// A caller talking with the agent who answered: the two legs bridged, the agent grain told every few seconds that
/// the call is still carried (its OnCall deadline), and the end handled whoever causes it. The caller hangs up: BYE to
/// the agent. The agent hangs up: the caller hears the line's satisfaction survey, then the service hangs up. Either
/// way the agent goes to wrap-up.
/// </summary>
public sealed class Conversation(IGrainFactory grains, ISatisfactionSurvey survey, TimeProvider time, ILogger<Conversation> logger) : IConversation
{
    /// <summary>How often the node tells the agent grain the call is still up (well inside its OnCall lease).</summary>
    public static readonly TimeSpan StillOnCallInterval = TimeSpan.FromSeconds(20);

    /// <param name="stopping">The service is shutting down: both legs are hung up, the call recorded.</param>
    public async Task<ConversationEnd> RunAsync(ICallChannel caller, AgentConnection connection, Ivr.IvrScript script, CancellationToken stopping)
    {
        var leg = connection.Agent;
        var reservation = leg.Reservation;
        var agent = grains.GetGrain<IAgentGrain>(reservation.AgentId);
        string endedBy;
        await using (leg)
        {
            using (var bridge = caller.ConnectAgent(leg))
            {
                logger.LogInformation("Call {CallId}: connected to agent {AgentId}", caller.CallId, reservation.AgentId);
                endedBy = await WaitForEndAsync(caller, leg, bridge, agent, reservation.CallId, stopping);
            }

            if (endedBy != "agent")
            {
                await leg.HangUpAsync();
            }
        }

        var talk = time.GetUtcNow() - connection.AnsweredAt;
        await ReportEndedAsync(agent, reservation.CallId);
        SurveyAnswer? answer = null;
        if (endedBy == "agent" && !caller.Ended.IsCancellationRequested)
        {
            // The agent hung up and the caller is still there: one question (when the line has one), then goodbye.
            answer = await survey.AskAsync(caller, script);
            await caller.HangUpAsync();
        }

        logger.LogInformation("Call {CallId}: conversation with agent {AgentId} ended by the {Side} after {Talk:0} s",
            caller.CallId, reservation.AgentId, endedBy, talk.TotalSeconds);
        if (endedBy == "service")
        {
            await caller.HangUpAsync();
        }

        return new ConversationEnd(EndReasonOf(endedBy), talk, answer);
    }

    private static string EndReasonOf(string endedBy) => endedBy switch
    {
        "agent" => "agent_hung_up",
        "caller" => "caller_hung_up",
        "service" => "service_stopping",
        _ => "media_lost",
    };

    /// <summary>"caller", "agent", "service" (stopping), or "media" (a leg's media stopped while both dialogs stayed up).</summary>
    private async Task<string> WaitForEndAsync(ICallChannel caller, IAgentLeg leg, IAgentBridge bridge, IAgentGrain agent, string callId, CancellationToken stopping)
    {
        var callerLeft = Task.Delay(Timeout.Infinite, caller.Ended).ContinueWith(_ => { }, TaskScheduler.Default);
        var serviceStops = Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        while (true)
        {
            var tick = Task.Delay(StillOnCallInterval, time);
            var first = await Task.WhenAny(callerLeft, leg.Ended, bridge.Ended, serviceStops, tick);
            if (first == callerLeft || caller.Ended.IsCancellationRequested)
            {
                return "caller";
            }

            if (first == serviceStops)
            {
                return "service";
            }

            if (first == leg.Ended)
            {
                return "agent";
            }

            if (first == bridge.Ended)
            {
                return "media";
            }

            await StillOnCallAsync(agent, callId);
        }
    }

    private async Task StillOnCallAsync(IAgentGrain agent, string callId)
    {
        try
        {
            await agent.StillOnCall(callId);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The conversation goes on whatever the grain's silo is doing; its lease ends the state at worst.
            logger.LogWarning(error, "Call {CallId}: could not renew the agent's on-call lease", callId);
        }
    }

    private async Task ReportEndedAsync(IAgentGrain agent, string callId)
    {
        try
        {
            await agent.CallEnded(callId);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Call {CallId}: could not tell the agent grain the call ended (its lease will)", callId);
        }
    }
}

/// <summary>A caller and the agent who answered, from the bridge to the last word (see <see cref="Conversation"/>).</summary>
public interface IConversation
{
    /// <param name="stopping">The service is shutting down: both legs are hung up.</param>
    Task<ConversationEnd> RunAsync(ICallChannel caller, AgentConnection connection, Ivr.IvrScript script, CancellationToken stopping);
}

/// <summary>How the conversation ended: the end reason recorded, the talk time, the survey's answer if it was asked.</summary>
public sealed record ConversationEnd(string EndReason, TimeSpan TalkTime, SurveyAnswer? Survey);

/// <summary>The survey was asked: the caller's key 1 to 5, or null for silence or a hang-up.</summary>
public sealed record SurveyAnswer(int? Score);

/// <summary>The line's one-question satisfaction survey, asked after the agent hangs up.</summary>
public interface ISatisfactionSurvey
{
    /// <summary>The answer, or null when the line has no survey (nothing was asked).</summary>
    Task<SurveyAnswer?> AskAsync(ICallChannel caller, Ivr.IvrScript script);
}
