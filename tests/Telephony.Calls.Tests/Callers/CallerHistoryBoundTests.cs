using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telephony.Calls.Callers;
using Telephony.Calls.Configuration;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Tests.Callers;

/// <summary>
/// The caller history under a slow store: past <c>Callers:MaxRequestsInFlight</c> unanswered grain requests a call
/// gets no history at once, and no request is sent for it, so requests never pile up behind the store; answered ones
/// make room again.
/// </summary>
public sealed class CallerHistoryBoundTests
{
    [Fact]
    public async Task Past_the_bound_no_request_is_sent_and_an_answered_one_makes_room()
    {
        var grain = new StalledCallerGrain();
        var history = new CallerHistory(
            GrainFactoryOf(grain),
            new CallerKeys(Options.Create(new CallerSettings { HashKey = new string('k', 32) }), NullLogger<CallerKeys>.Instance),
            Options.Create(new CallerSettings { MaxRequestsInFlight = 3 }),
            TimeProvider.System,
            NullLogger<CallerHistory>.Instance);

        var recording = Enumerable.Range(0, 3).Select(i => history.RecordAsync("0612345678", "3960", $"call-{i}", new RecentCall(DateTimeOffset.UtcNow, "handled_ivr"))).ToList();
        Assert.Equal(3, grain.Requests);
        Assert.Equal(3, history.RequestsInFlight);

        // The fourth call gets no hint, at once, and costs the store nothing.
        var hint = await history.RecentCallsAsync("0612345678", "3960").WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Empty(hint);
        Assert.Equal(3, grain.Requests);

        grain.AnswerAll();
        await Task.WhenAll(recording).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, history.RequestsInFlight);
        Assert.Empty(await history.RecentCallsAsync("0612345678", "3960").WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(4, grain.Requests);
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

    /// <summary>A caller grain whose store does not answer until told to.</summary>
    private sealed class StalledCallerGrain : ICallerGrain
    {
        private readonly TaskCompletionSource _store = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public void AnswerAll() => _store.TrySetResult();

        public Task<CallerWaitResult> StartWaiting(string line, string callId) => Stalled(new CallerWaitResult(true, null));

        public Task StopWaiting(string line, string callId) => Stalled(true);

        public Task RecordCall(string line, RecentCall call) => Stalled(true);

        public Task<IReadOnlyList<RecentCall>> GetRecentCalls(string line, DateTimeOffset since) => Stalled<IReadOnlyList<RecentCall>>([]);

        private async Task<T> Stalled<T>(T answer)
        {
            Interlocked.Increment(ref _requests);
            await _store.Task;
            return answer;
        }
    }
}
