using Dapper;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>Migration 70: the transcript column stores what the caller said (only when asked) and goes with its record.</summary>
public sealed class CallRecordTranscriptTests
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_transcript_reads_back_with_its_record_a_record_without_one_has_null_and_the_retention_purge_deletes_it(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);
        var old = CallRecordSamples.Answered("said-old", CallRecordSamples.Morning.AddDays(-500)) with { Transcript = "je voudrais des nouvelles de ma retraite" };
        var recent = CallRecordSamples.Answered("said-recent") with { Transcript = "paiement | un paiement non reçu" };
        var silent = CallRecordSamples.Answered("keys-only");
        foreach (var record in new[] { old, recent, silent })
        {
            await repository.AddAsync(record, CancellationToken.None);
        }

        Assert.Equal(recent, await repository.FindByCallIdAsync("said-recent", CancellationToken.None));
        Assert.Null((await repository.FindByCallIdAsync("keys-only", CancellationToken.None))!.Transcript);
        Assert.Equal("je voudrais des nouvelles de ma retraite", (await repository.FindByCallIdAsync("said-old", CancellationToken.None))!.Transcript);

        await new RecordRetention(database.Factory).PurgeAsync(CallRecordSamples.Morning.AddDays(-400), CancellationToken.None);

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        var transcripts = (await connection.QueryAsync<string>("SELECT transcript FROM call_records WHERE transcript IS NOT NULL")).ToList();
        Assert.Equal(["paiement | un paiement non reçu"], transcripts);
    }

    [Fact]
    public void A_record_printed_in_a_log_shows_no_transcript()
    {
        var record = CallRecordSamples.Answered("printed") with { Transcript = "je voudrais un rendez-vous" };
        Assert.DoesNotContain("rendez-vous", record.ToString(), StringComparison.Ordinal);
    }
}
