using System.Collections.Concurrent;

namespace Telephony.Storage.Tests.Orleans;

public interface IWakeUpGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="note"/> in the grain's state and registers the "wake-up" reminder.</summary>
    Task ScheduleAsync(string note, TimeSpan dueTime, TimeSpan period);
}

[GenerateSerializer]
public sealed class WakeUpState
{
    [Id(0)]
    public string Note { get; set; } = "";

    [Id(1)]
    public int Ticks { get; set; }
}

/// <summary>
/// A grain that persists a note and a tick count in the "Default" storage and counts reminder ticks: after a restart,
/// a tick proves the reminder was read back from the table, and the note that the state was.
/// </summary>
public sealed class WakeUpGrain : Grain, IWakeUpGrain, IRemindable
{
    private readonly IPersistentState<WakeUpState> _state;
    private readonly WakeUpProbe _probe;

    public WakeUpGrain([PersistentState("wake-up")] IPersistentState<WakeUpState> state, WakeUpProbe probe)
    {
        _state = state;
        _probe = probe;
    }

    public async Task ScheduleAsync(string note, TimeSpan dueTime, TimeSpan period)
    {
        _state.State.Note = note;
        await _state.WriteStateAsync();
        await this.RegisterOrUpdateReminder("wake-up", dueTime, period);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _state.State.Ticks++;
        await _state.WriteStateAsync();
        _probe.Record(this.GetPrimaryKeyString(), _state.State);
    }
}

/// <summary>Lets a test wait for a grain's reminder tick on the silo it registered this probe with.</summary>
public sealed class WakeUpProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<WakeUpState>> _ticks = new();

    public void Record(string grainKey, WakeUpState state) =>
        Completion(grainKey).TrySetResult(new WakeUpState { Note = state.Note, Ticks = state.Ticks });

    public Task<WakeUpState> WaitForTickAsync(string grainKey, TimeSpan timeout) => Completion(grainKey).Task.WaitAsync(timeout);

    private TaskCompletionSource<WakeUpState> Completion(string grainKey) =>
        _ticks.GetOrAdd(grainKey, _ => new TaskCompletionSource<WakeUpState>(TaskCreationOptions.RunContinuationsAsynchronously));
}
