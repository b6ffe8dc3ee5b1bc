using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;
using Telephony.Server.Web;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// <c>GET /agent/events</c>: the session's agent's state as server-sent events, the current one first, then every
/// change the agent's grain pushes (one observer subscription per connection, renewed before the grain forgets it),
/// with a comment line as heartbeat. Ends, unsubscribing, when the browser goes, the session ends (an
/// <c>ended</c> event first) or the grain cannot be reached (the browser reconnects by itself).
/// </summary>
public sealed class AgentEventStream(ICallCentreGrains grains, ConsoleSessions sessions, IOptions<ConsoleSettings> settings, TimeProvider time, ILogger<AgentEventStream> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RunAsync(HttpContext http, ConsoleCaller caller)
    {
        var agentId = caller.Agent.Id;
        var response = http.Response;
        ServerSentEvents.Start(response);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, caller.Session.Ended);
        var observer = new StreamObserver();
        try
        {
            await grains.SubscribeAsync(agentId, observer);
            await StreamAsync(response, caller, observer, stop.Token);
            if (caller.Session.Ended.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
            {
                // Tells the page to show the login form rather than reconnect.
                await ServerSentEvents.WriteEventAsync(response, "ended", null, "{}", http.RequestAborted);
            }
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The browser went away (a cancelled wait or a failed write): nothing to report.
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Console stream of agent {AgentId} stopped; the browser reconnects", agentId);
        }
        finally
        {
            await UnsubscribeAsync(agentId, observer);
        }
    }

    /// <summary>The current state, then each newer one, heartbeats between, until stopped or the session is over.</summary>
    private async Task StreamAsync(HttpResponse response, ConsoleCaller caller, StreamObserver observer, CancellationToken stop)
    {
        var options = settings.Value;
        var agentId = caller.Agent.Id;
        var renewAt = time.GetUtcNow() + options.SubscriptionRenewal;
        try
        {
            // Subscribed first, then read: a change in between arrives as an event and is sent if newer.
            var lastVersion = await WriteStateAsync(response, await grains.GetStateAsync(agentId), long.MinValue, stop);
            while (sessions.KeepAlive(caller.Session))
            {
                if (await observer.WaitAsync(options.HeartbeatInterval, time, stop))
                {
                    while (observer.States.Reader.TryRead(out var state))
                    {
                        lastVersion = await WriteStateAsync(response, state, lastVersion, stop);
                    }
                }
                else
                {
                    await ServerSentEvents.WriteHeartbeatAsync(response, stop);
                }

                if (time.GetUtcNow() >= renewAt)
                {
                    await grains.SubscribeAsync(agentId, observer);
                    renewAt = time.GetUtcNow() + options.SubscriptionRenewal;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The browser went away or the session ended: the caller tells which.
        }
    }

    private async Task UnsubscribeAsync(string agentId, StreamObserver observer)
    {
        try
        {
            await grains.UnsubscribeAsync(agentId, observer);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The grain forgets the observer by itself within 10 minutes.
            logger.LogInformation(error, "Console stream of agent {AgentId}: unsubscribing failed", agentId);
        }
    }

    /// <summary>Sends the state unless an event already sent was newer (pushes may overtake the first read).</summary>
    private static async Task<long> WriteStateAsync(HttpResponse response, AgentState state, long lastVersion, CancellationToken ct)
    {
        if (state.Version <= lastVersion)
        {
            return lastVersion;
        }

        var data = JsonSerializer.Serialize(ConsoleStateView.Of(state), Json);
        await ServerSentEvents.WriteEventAsync(response, "state", state.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), data, ct);
        return state.Version;
    }

    /// <summary>The grain's pushes, queued for the stream's loop; only the latest few matter (each is a whole state).</summary>
    private sealed class StreamObserver : IAgentObserver
    {
        public Channel<AgentState> States { get; } = Channel.CreateBounded<AgentState>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });

        public Task StateChanged(AgentState state)
        {
            States.Writer.TryWrite(state);
            return Task.CompletedTask;
        }

        /// <summary>True when a state is waiting, false when <paramref name="timeout"/> passed first.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var ready = States.Reader.WaitToReadAsync(wait.Token).AsTask();
            var timer = Task.Delay(timeout, time, wait.Token);
            var first = await Task.WhenAny(ready, timer);
            await wait.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return first == ready && await ready;
        }
    }
}
