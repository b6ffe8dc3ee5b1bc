using Orleans.Concurrency;

namespace Telephony.Bench.Dispatch;

/// <summary>
/// The reference for the dispatch figures: the cheapest grain calls Orleans can make on this silo, so that a
/// dispatch's cost reads as a number of messages (see <see cref="PingLoad"/>).
/// </summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Does nothing: one request and one response.</summary>
    Task Ping();

    /// <summary>Calls <paramref name="target"/>'s <see cref="Ping"/> <paramref name="times"/> times, one after the other: grain-to-grain round trips.</summary>
    Task PingOther(IPingGrain target, int times);

    /// <summary>Sends <paramref name="times"/> one-way <see cref="Noted"/> to <paramref name="target"/>, then one <see cref="Ping"/> (so the batch is delivered before it answers: one activation runs its messages in order).</summary>
    Task NoteOther(IPingGrain target, int times);

    [OneWay]
    Task Noted();
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task Ping() => Task.CompletedTask;

    public async Task PingOther(IPingGrain target, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await target.Ping();
        }
    }

    public async Task NoteOther(IPingGrain target, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _ = target.Noted();
        }

        await target.Ping();
    }

    public Task Noted() => Task.CompletedTask;
}
