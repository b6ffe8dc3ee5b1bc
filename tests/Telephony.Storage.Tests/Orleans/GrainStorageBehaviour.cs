using Orleans.Storage;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests.Orleans;

/// <summary>What grains may rely on from the "Default" grain storage, on either provider.</summary>
public abstract class GrainStorageBehaviour<TSilo> : IClassFixture<TSilo>
    where TSilo : ProviderSiloFixture
{
    private const string StateName = "queue";
    private readonly TSilo _silo;

    protected GrainStorageBehaviour(TSilo silo)
    {
        _silo = silo;
    }

    private IGrainStorage Storage => _silo.GrainStorage;

    [ProviderFact]
    public async Task Reading_a_state_never_written_gives_the_default_state_and_no_etag()
    {
        var state = new GrainState<QueueState>();

        await Storage.ReadStateAsync(StateName, NewQueueGrain(), state);

        Assert.NotNull(state.State);
        Assert.Empty(state.State!.Waiting);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [ProviderFact]
    public async Task A_written_state_is_read_back_by_a_fresh_activation_with_the_same_etag()
    {
        var grain = NewQueueGrain();
        var written = new GrainState<QueueState> { State = new QueueState { Waiting = ["call-1", "call-2"], Served = 3 } };

        await Storage.WriteStateAsync(StateName, grain, written);
        var read = await ReadAsync(grain);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.Equal(["call-1", "call-2"], read.State!.Waiting);
        Assert.Equal(3, read.State!.Served);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [ProviderFact]
    public async Task Each_write_gives_a_new_etag_and_a_write_with_a_stale_one_fails_leaving_the_stored_state_alone()
    {
        var grain = NewQueueGrain();
        var (current, stale) = await WriteTwiceKeepingAStaleCopyAsync(grain);
        stale.State!.Served = 99;

        Assert.NotEqual(stale.ETag, current.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, stale));
        var stored = await ReadAsync(grain);
        Assert.Equal(2, stored.State!.Served);
        Assert.Equal(current.ETag, stored.ETag);
    }

    [ProviderFact]
    public async Task Two_activations_creating_the_same_state_cannot_both_succeed()
    {
        var grain = NewQueueGrain();
        var first = new GrainState<QueueState> { State = new QueueState { Served = 1 } };
        var second = new GrainState<QueueState> { State = new QueueState { Served = 2 } };

        await Storage.WriteStateAsync(StateName, grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, second));
        Assert.Equal(1, (await ReadAsync(grain)).State!.Served);
    }

    [ProviderFact]
    public async Task Clearing_removes_the_state_for_readers_and_an_activation_that_missed_the_clear_cannot_write_it_back()
    {
        var grain = NewQueueGrain();
        var owner = new GrainState<QueueState> { State = new QueueState { Waiting = ["call-1"] } };
        await Storage.WriteStateAsync(StateName, grain, owner);
        var missedTheClear = await ReadAsync(grain);

        await Storage.ClearStateAsync(StateName, grain, owner);

        Assert.False(owner.RecordExists);
        Assert.Empty(owner.State!.Waiting);
        var afterClear = await ReadAsync(grain);
        Assert.False(afterClear.RecordExists);
        Assert.Empty(afterClear.State!.Waiting);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, missedTheClear));

        // The clearing activation holds the new etag and writes again.
        owner.State!.Waiting.Add("call-2");
        await Storage.WriteStateAsync(StateName, grain, owner);
        Assert.Equal(["call-2"], (await ReadAsync(grain)).State!.Waiting);
    }

    [ProviderFact]
    public async Task Clearing_with_a_stale_etag_fails_and_keeps_the_state()
    {
        var grain = NewQueueGrain();
        var (_, stale) = await WriteTwiceKeepingAStaleCopyAsync(grain);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, stale));
        Assert.Equal(2, (await ReadAsync(grain)).State!.Served);
    }

    [ProviderFact]
    public async Task Clearing_a_state_never_written_is_a_no_op()
    {
        var grain = NewQueueGrain();
        var state = new GrainState<QueueState>();

        await Storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync(grain)).RecordExists);
    }

    [ProviderFact]
    public async Task Integer_and_guid_keys_key_extensions_and_state_names_each_keep_their_own_state()
    {
        var number = Random.Shared.NextInt64(1, long.MaxValue);
        var guid = Guid.NewGuid();
        var type = GrainType.Create("telephony-test-agent");
        (GrainId Grain, string StateName)[] keys =
        [
            (GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number)), StateName),
            (GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number, "3230")), StateName),
            (GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid)), StateName),
            (GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "3230")), StateName),
            (GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number)), "other-state"),
        ];

        for (var i = 0; i < keys.Length; i++)
        {
            await Storage.WriteStateAsync(keys[i].StateName, keys[i].Grain, new GrainState<QueueState> { State = new QueueState { Served = i } });
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var read = new GrainState<QueueState>();
            await Storage.ReadStateAsync(keys[i].StateName, keys[i].Grain, read);
            Assert.Equal(i, read.State!.Served);
        }
    }

    // Served = 1 is written and read by a second activation (the stale copy), then the first one writes Served = 2.
    private async Task<(GrainState<QueueState> Current, GrainState<QueueState> Stale)> WriteTwiceKeepingAStaleCopyAsync(GrainId grain)
    {
        var current = new GrainState<QueueState> { State = new QueueState { Served = 1 } };
        await Storage.WriteStateAsync(StateName, grain, current);
        var stale = await ReadAsync(grain);
        current.State!.Served = 2;
        await Storage.WriteStateAsync(StateName, grain, current);
        return (current, stale);
    }

    private async Task<GrainState<QueueState>> ReadAsync(GrainId grain)
    {
        var state = new GrainState<QueueState>();
        await Storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    private static GrainId NewQueueGrain() => GrainId.Create("telephony-test-queue", Guid.NewGuid().ToString("N"));
}

public sealed class SqliteGrainStorageTests(SqliteProviderSilo silo) : GrainStorageBehaviour<SqliteProviderSilo>(silo);

public sealed class PostgresGrainStorageTests(PostgresProviderSilo silo) : GrainStorageBehaviour<PostgresProviderSilo>(silo), IRunsOnPostgres;
