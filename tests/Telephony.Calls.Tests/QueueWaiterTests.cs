using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Core.Internal;
using Orleans.TestingHost;
using Telephony.Calls.Callers;
using Telephony.Calls.Configuration;
using Telephony.Calls.Metrics;
using Telephony.Calls.Queues;
using Telephony.Grains.Abstractions;
using Telephony.Ivr;
using Telephony.Storage;

namespace Telephony.Calls.Tests;

/// <summary>The queue wait over the real queue grain, on an in-process Orleans cluster.</summary>
public sealed class QueueWaiterTests : IAsyncLifetime
{
    private static readonly IvrScript Cnav = IvrScriptSet.LoadDirectory(RepositoryRoot.IvrScripts).FindByDialedNumber("3960")!;

    private readonly FakeAgentDialer _dialer = new();
    private readonly TestCluster _cluster = new TestClusterBuilder { Options = { InitialSilosCount = 1 } }.Build();

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_waiting_call_that_its_queue_forgot_re_joins_with_its_arrival_time_and_keeps_its_place()
    {
        var queueId = $"test.{Guid.NewGuid():N}";
        var queue = _cluster.GrainFactory.GetGrain<IQueueGrain>(queueId);
        var before = new QueuedCall("before", "CNAV", "3960", 0, DateTimeOffset.UtcNow.AddMinutes(-5));
        await queue.Join(before, QueuePolicy.Default(queueId));
        var channel = new FakeCallChannel();
        var waiting = Waiter(presenceCheckSeconds: 0.2).WaitAsync(channel, Cnav, new JoinQueue(queueId, 0), null, new WaitingCaller(["queue"], [], []), channel.Ended);
        var arrival = await WaitForAsync(queue, channel.CallId);

        // The queue's silo "dies": the grain comes back empty. The call that has no waiter here stays lost until its
        // own node puts it back; the waiting call on this node must re-join by itself.
        await queue.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually(async () => await queue.GetPosition("before") is null);
        var rejoined = await WaitForAsync(queue, channel.CallId);
        var after = new QueuedCall("after", "CNAV", "3960", 0, DateTimeOffset.UtcNow);
        await queue.Join(after, QueuePolicy.Default(queueId));
        await queue.Join(before, QueuePolicy.Default(queueId));

        Assert.Equal(arrival.JoinedAt, rejoined.JoinedAt);
        Assert.Equal(["before", channel.CallId, "after"], (await queue.GetSnapshot()).Waiting.Select(c => c.CallId));
        Assert.False(waiting.IsCompleted);
        channel.CallerHangsUp();
        var result = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(CallOutcome.AbandonedQueue, result.Final!.Outcome);
        Assert.Null(await queue.GetPosition(channel.CallId));
    }

    private QueueWaiter Waiter(double presenceCheckSeconds) => new(
        _cluster.GrainFactory,
        _dialer,
        new CallerHistory(
            new NoCallerCalls(),
            _cluster.GrainFactory,
            new CallerKeys(Options.Create(new CallerSettings { HashKey = new string('k', 32) }), NullLogger<CallerKeys>.Instance),
            Options.Create(new CallerSettings()),
            TimeProvider.System,
            NullLogger<CallerHistory>.Instance),
        new TelephonyMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())),
        new LiveQueueGauges(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System),
        Options.Create(new QueueSettings { PresenceCheckSeconds = presenceCheckSeconds, MusicOnHoldPath = "no-music.wav" }),
        Options.Create(new IvrSettings { ScriptsPath = RepositoryRoot.IvrScripts }),
        Options.Create(new MetricsSettings()),
        TimeProvider.System,
        NullLogger<QueueWaiter>.Instance);

    private static async Task<QueuedCall> WaitForAsync(IQueueGrain queue, string callId)
    {
        QueuedCall? found = null;
        await Eventually(async () => (found = (await queue.GetSnapshot()).Waiting.SingleOrDefault(c => c.CallId == callId)) is not null);
        return found!;
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>No number has called before (the hint is not what these tests look at).</summary>
    private sealed class NoCallerCalls : ICallerCallRepository
    {
        public Task<IReadOnlyList<CallerCall>> ListRecentAsync(string callerKey, string line, DateTimeOffset since, int limit, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<CallerCall>>([]);
    }
}
