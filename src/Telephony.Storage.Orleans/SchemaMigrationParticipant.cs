namespace Telephony.Storage.Orleans;

/// <summary>
/// Migrates the database in the silo's first lifecycle stage: the Orleans providers read their tables (and, on
/// PostgreSQL, their stored queries) while the silo starts, before any hosted service of the application runs.
/// </summary>
internal sealed class SchemaMigrationParticipant : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly DatabaseMigrator _migrator;

    public SchemaMigrationParticipant(DatabaseMigrator migrator)
    {
        _migrator = migrator;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationParticipant), ServiceLifecycleStage.First, _migrator.MigrateAsync);
}
