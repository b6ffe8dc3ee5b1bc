using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Orleans.Configuration;
using Orleans.Storage;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests.Orleans;

/// <summary>
/// The migrations install every stored query the referenced ADO.NET provider packages look up. The required set is
/// read from the packages themselves, as they read it, so a package upgrade that needs a new query fails here.
/// </summary>
public sealed class PostgresStoredQueriesTests
{
    [PostgresFact]
    public async Task OrleansQuery_holds_every_query_the_referenced_ADO_NET_providers_require()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        await database.MigrateAsync();
        var required = RequiredByClustering()
            .Concat(RequiredByReminders())
            .Concat(RequiredByGrainStorage())
            .ToHashSet();

        await using var connection = await database.Factory.OpenAsync(CancellationToken.None);
        var stored = (await connection.QueryAsync<string>("SELECT QueryKey FROM OrleansQuery")).ToHashSet();

        Assert.Contains("UpdateIAmAlivetimeKey", required); // The reflection below found the providers' real lists.
        Assert.Contains("UpsertReminderRowKey", required);
        Assert.Contains("WriteToStorageKey", required);
        Assert.Empty(required.Except(stored));
        // Optional keys the 10.4 providers use when present: per-row clean-up of dead silos, delete-on-clear.
        Assert.Contains("CleanupDefunctSiloEntryKey", stored);
        Assert.Contains("DeleteStorageKey", stored);
    }

    // Each provider checks at start-up that its stored-query dictionary has a key per internal property.
    private static IEnumerable<string> RequiredByClustering() =>
        StoredQueryProperties(typeof(AdoNetClusteringSiloOptions).Assembly, "Orleans.Clustering.AdoNet.Storage.DbStoredQueries");

    private static IEnumerable<string> RequiredByReminders() =>
        StoredQueryProperties(typeof(AdoNetReminderTableOptions).Assembly, "Orleans.Reminders.AdoNet.Storage.DbStoredQueries");

    // Grain storage selects its keys by name in this query and requires all but DeleteStorageKey.
    private static IEnumerable<string> RequiredByGrainStorage() =>
        Regex.Matches(AdoNetGrainStorage.DefaultInitializationQuery, "'(\\w+Key)'").Select(m => m.Groups[1].Value)
            .Where(key => key != "DeleteStorageKey");

    private static IEnumerable<string> StoredQueryProperties(Assembly assembly, string typeName) =>
        assembly.GetType(typeName, throwOnError: true)!
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)
            .Select(p => p.Name);
}
