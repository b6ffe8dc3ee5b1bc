using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests.Orleans;

/// <summary>What the reminder service relies on from the reminder table, on either provider.</summary>
public abstract class ReminderTableBehaviour<TSilo> : IClassFixture<TSilo>
    where TSilo : ProviderSiloFixture
{
    private static readonly DateTime StartAt = new(2026, 12, 3, 18, 5, 0, 123, DateTimeKind.Utc);
    private readonly TSilo _silo;

    protected ReminderTableBehaviour(TSilo silo)
    {
        _silo = silo;
    }

    private IReminderTable Table => _silo.Reminders;

    [ProviderFact]
    public async Task A_registered_reminder_is_read_back_by_grain_and_by_name_with_its_etag()
    {
        var grain = NewGrain();
        var other = NewGrain();
        var etag = await Table.UpsertRow(Entry(grain, "callback", TimeSpan.FromMinutes(5)));
        await Table.UpsertRow(Entry(grain, "overflow", TimeSpan.FromMinutes(1)));
        await Table.UpsertRow(Entry(other, "callback", TimeSpan.FromMinutes(1)));

        var row = await Table.ReadRow(grain, "callback");
        var rows = await Table.ReadRows(grain);

        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal("callback", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(etag, row.ETag);
        Assert.Equal(["callback", "overflow"], rows.Reminders.Select(r => r.ReminderName).Order());
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
        Assert.Null(await Table.ReadRow(grain, "never-registered"));
    }

    [ProviderFact]
    public async Task Registering_again_changes_the_etag_and_a_removal_with_the_old_one_fails()
    {
        var grain = NewGrain();
        var first = await Table.UpsertRow(Entry(grain, "callback", TimeSpan.FromMinutes(5)));
        var second = await Table.UpsertRow(Entry(grain, "callback", TimeSpan.FromMinutes(7)));

        Assert.NotEqual(first, second);
        Assert.False(await Table.RemoveRow(grain, "callback", first!));
        Assert.Equal(TimeSpan.FromMinutes(7), (await Table.ReadRow(grain, "callback"))!.Period);

        Assert.True(await Table.RemoveRow(grain, "callback", second!));
        Assert.Null(await Table.ReadRow(grain, "callback"));
        Assert.False(await Table.RemoveRow(grain, "callback", second!));
    }

    [ProviderFact]
    public async Task A_reminder_removed_and_registered_again_does_not_get_back_an_etag_a_stale_caller_holds()
    {
        var grain = NewGrain();
        var stale = await Table.UpsertRow(Entry(grain, "callback", TimeSpan.FromMinutes(5)));
        Assert.True(await Table.RemoveRow(grain, "callback", stale!));
        await Table.UpsertRow(Entry(grain, "callback", TimeSpan.FromMinutes(5)));

        Assert.False(await Table.RemoveRow(grain, "callback", stale!));
        Assert.NotNull(await Table.ReadRow(grain, "callback"));
    }

    [ProviderFact]
    public async Task Range_reads_take_hashes_after_begin_up_to_end_and_wrap_past_the_top_of_the_ring()
    {
        // Two grains in each half of the hash space, so ranges also cross the signed/unsigned boundary at 2^31.
        var grains = GrainsAcrossTheRing();
        foreach (var grain in grains)
        {
            await Table.UpsertRow(Entry(grain, "ring", TimeSpan.FromMinutes(1)));
        }

        var h = grains.Select(g => g.GetUniformHashCode()).ToArray();
        await AssertRangeAsync(grains, h[0], h[1], [1]);
        await AssertRangeAsync(grains, h[1], h[2], [2]);
        await AssertRangeAsync(grains, h[0], h[3], [1, 2, 3]);
        await AssertRangeAsync(grains, h[2], h[1], [3, 0, 1]);
        await AssertRangeAsync(grains, h[3], h[0], [0]);
        await AssertRangeAsync(grains, h[1], h[1], [0, 1, 2, 3]);
    }

    [ProviderFact]
    public async Task A_period_longer_than_int_max_milliseconds_round_trips()
    {
        var grain = NewGrain();
        var period = TimeSpan.FromDays(40);

        await Table.UpsertRow(Entry(grain, "monthly-report", period));

        Assert.Equal(period, (await Table.ReadRow(grain, "monthly-report"))!.Period);
    }

    private async Task AssertRangeAsync(GrainId[] grains, uint begin, uint end, int[] expected)
    {
        var mine = grains.ToHashSet();
        var found = (await Table.ReadRows(begin, end)).Reminders.Where(r => mine.Contains(r.GrainId)).Select(r => r.GrainId).ToHashSet();
        Assert.Equal(expected.Select(i => grains[i]).ToHashSet(), found);
    }

    private static GrainId[] GrainsAcrossTheRing()
    {
        var low = new List<GrainId>();
        var high = new List<GrainId>();
        while (low.Count < 2 || high.Count < 2)
        {
            var grain = NewGrain();
            var half = grain.GetUniformHashCode() < 0x8000_0000u ? low : high;
            if (half.Count < 2)
            {
                half.Add(grain);
            }
        }

        return [.. low.Concat(high).OrderBy(g => g.GetUniformHashCode())];
    }

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = period,
    };

    private static GrainId NewGrain() => GrainId.Create("telephony-test-queue", Guid.NewGuid().ToString("N"));
}

public sealed class SqliteReminderTableTests(SqliteProviderSilo silo) : ReminderTableBehaviour<SqliteProviderSilo>(silo);

public sealed class PostgresReminderTableTests(PostgresProviderSilo silo) : ReminderTableBehaviour<PostgresProviderSilo>(silo), IRunsOnPostgres;
