using Telephony.Grains.Abstractions;

namespace Telephony.Bench.Dispatch;

/// <summary>
/// Producers that keep <see cref="BenchOptions.InFlight"/> calls joined and not yet reserved, round-robin over the
/// queues, for one phone farm (each reservation it is told of lets one more call join).
/// </summary>
internal sealed class SteadyLoad : IDisposable
{
    private const int Producers = 32;

    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producers;
    private long _joined;

    private SteadyLoad(DispatchSilo silo, PhoneFarm farm, BenchOptions options, string prefix)
    {
        _slots = new SemaphoreSlim(options.InFlight);
        farm.Reserved = () => _slots.Release();
        var node = silo.Grains.CreateObjectReference<IWaitingCallObserver>(farm);
        _producers = Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(() => ProduceAsync(silo, node, options.Queues, $"{prefix}{p}-", p))));
    }

    public long Joined => Interlocked.Read(ref _joined);

    public static SteadyLoad Start(DispatchSilo silo, PhoneFarm farm, BenchOptions options, string prefix) => new(silo, farm, options, prefix);

    /// <summary>No more joins; returns once every producer has stopped.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _producers;
    }

    public void Dispose()
    {
        _stop.Dispose();
        _slots.Dispose();
    }

    private async Task ProduceAsync(DispatchSilo silo, IWaitingCallObserver node, int queues, string prefix, int first)
    {
        // References and policies made once, as a node keeps them.
        var (references, policies) = (new IQueueGrain[queues], new QueuePolicy[queues]);
        try
        {
            for (var n = first; ; n += Producers)
            {
                await _slots.WaitAsync(_stop.Token);
                var q = n % queues;
                references[q] ??= silo.Grains.GetGrain<IQueueGrain>(DispatchSilo.QueueId(q));
                policies[q] ??= QueuePolicy.Default(DispatchSilo.QueueId(q));
                await references[q].Join(DispatchLoads.NewCall($"{prefix}{n}", node), policies[q]);
                Interlocked.Increment(ref _joined);
            }
        }
        catch (OperationCanceledException)
        {
            // The measurement (or the warm-up) is over.
        }
    }
}
