using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telephony.Calls.Callers;
using Telephony.Calls.Configuration;
using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Calls.Tests.Callers;

/// <summary>
/// The caller history under a slow store: past <c>Callers:MaxRequestsInFlight</c> unanswered requests (grain calls and
/// hint reads alike) a call gets no history at once, and no request is sent for it, so requests never pile up behind
/// the store; answered ones make room again.
/// </summary>
public sealed class CallerHistoryBoundTests
{
    [Fact]
    public async Task Past_the_bound_no_request_is_sent_and_an_answered_one_makes_room()
    {
        var store = new Stalled();
        var history = new CallerHistory(
            store,
            GrainFactoryOf(store),
            new CallerKeys(Options.Create(new CallerSettings { HashKey = new string('k', 32) }), NullLogger<CallerKeys>.Instance),
            Options.Create(new CallerSettings { MaxRequestsInFlight = 3 }),
            TimeProvider.System,
            NullLogger<CallerHistory>.Instance);

        var waiting = Enumerable.Range(0, 2).Select(i => history.TryStartWaitingAsync("0612345678", "3960", $"call-{i}")).ToList();
        var firstHint = history.RecentCallsAsync("0612345678", "3960");
        Assert.Equal(3, store.Requests);
        Assert.Equal(3, history.RequestsInFlight);

        // The fourth call gets no hint, at once, and costs the store nothing.
        var hint = await history.RecentCallsAsync("0612345678", "3960").WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Empty(hint);
        Assert.Equal(3, store.Requests);

        store.AnswerAll();
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Single(await firstHint.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, history.RequestsInFlight);
        Assert.Single(await history.RecentCallsAsync("0612345678", "3960").WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(4, store.Requests);
    }

    [Fact]
    public async Task An_anonymous_caller_has_no_history_and_costs_nothing()
    {
        var store = new Stalled();
        store.AnswerAll();
        var keys = new CallerKeys(Options.Create(new CallerSettings { HashKey = new string('k', 32) }), NullLogger<CallerKeys>.Instance);
        var history = new CallerHistory(
            store,
            GrainFactoryOf(store),
            keys,
            Options.Create(new CallerSettings()),
            TimeProvider.System,
            NullLogger<CallerHistory>.Instance);

        Assert.Empty(await history.RecentCallsAsync("anonymous", "3960"));
        Assert.True(await history.TryStartWaitingAsync(null, "3960", "call-1"));
        Assert.Null(keys.KeyOf("anonymous"));
        Assert.Equal(0, store.Requests);
    }

    private static IGrainFactory GrainFactoryOf(ICallerGrain grain)
    {
        var factory = DispatchProxy.Create<IGrainFactory, SingleGrainFactory>();
        ((SingleGrainFactory)(object)factory).Grain = grain;
        return factory;
    }

    /// <summary>Answers every GetGrain with the one caller grain; nothing else of the factory is used.</summary>
    public class SingleGrainFactory : DispatchProxy
    {
        public ICallerGrain? Grain { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IGrainFactory.GetGrain) ? Grain : throw new NotSupportedException(targetMethod?.Name);
    }

    /// <summary>A caller grain and a history store that do not answer until told to; the store knows one earlier call.</summary>
    private sealed class Stalled : ICallerGrain, ICallerCallRepository
    {
        private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public void AnswerAll() => _answer.TrySetResult();

        public Task<CallerWaitResult> StartWaiting(string line, string callId) => Later(new CallerWaitResult(true, null));

        public Task StopWaiting(string line, string callId) => Later(true);

        public Task<IReadOnlyList<CallerCall>> ListRecentAsync(string callerKey, string line, DateTimeOffset since, int limit, CancellationToken ct) =>
            Later<IReadOnlyList<CallerCall>>([new CallerCall(DateTimeOffset.UtcNow.AddDays(-1), "answered_agent")]);

        private async Task<T> Later<T>(T answer)
        {
            Interlocked.Increment(ref _requests);
            await _answer.Task;
            return answer;
        }
    }
}
