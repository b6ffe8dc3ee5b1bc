namespace Telephony.Storage.Migrations;

/// <summary>
/// Migration 70 on both providers: <c>call_records.transcript</c>, what the caller said to choose their menu options,
/// written only with Speech:StoreTranscripts (null otherwise). It lives in the call record's row, so the retention rule
/// that deletes old records deletes it too. Numbered apart from the others, as the SMS and appointment ones are.
/// </summary>
internal static class TranscriptMigrations
{
    private const string Column = "ALTER TABLE call_records ADD COLUMN transcript {text} NULL;";

    public static Migration Sqlite { get; } = new(70, "call_records_transcript", Column.Replace("{text}", "TEXT", StringComparison.Ordinal));

    public static Migration Postgres { get; } = new(70, "call_records_transcript", Column.Replace("{text}", "text", StringComparison.Ordinal));
}
