using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Telephony.Storage.Orleans.Sqlite;

namespace Telephony.Storage.Orleans;

/// <summary>Clustering, grain storage and reminders of the silo, on the database the rest of the service uses.</summary>
public static class TelephonyStorageSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql, under which the Orleans providers find its DbProviderFactory.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// SQLite: single-node localhost clustering, and our own grain storage and reminder table in the same file.
    /// PostgreSQL: the official ADO.NET clustering, grain storage and reminders, endpoints advertised for other nodes.
    /// Either way the schema is migrated in the silo's first lifecycle stage, and the grain storage is named
    /// <see cref="TelephonyGrainStorage.Default"/>.
    /// </summary>
    /// <exception cref="StorageException">The storage configuration is invalid (checked now, not when the silo starts).</exception>
    public static ISiloBuilder UseTelephonyStorage(this ISiloBuilder silo, StorageOptions storage, TelephonySiloOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(cluster);
        var factory = StorageFactory.CreateConnectionFactory(storage);

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
            new SchemaMigrationParticipant(new DatabaseMigrator(factory, sp.GetRequiredService<ILogger<DatabaseMigrator>>())));

        return storage.Provider == StorageProvider.Postgres
            ? UsePostgres(silo, storage.ConnectionString!, cluster)
            : UseSqlite(silo, factory, cluster);
    }

    private static ISiloBuilder UseSqlite(ISiloBuilder silo, IDbConnectionFactory factory, TelephonySiloOptions cluster)
    {
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);

        var services = silo.Services;
        services.AddOptions<SqliteGrainStorageOptions>(TelephonyGrainStorage.Default);
        services.AddTransient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>();
        services.AddGrainStorage(TelephonyGrainStorage.Default, (sp, name) => new SqliteGrainStorage(
            name,
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            sp.GetRequiredService<IOptions<ClusterOptions>>(),
            factory,
            sp.GetRequiredService<IActivatorProvider>()));

        silo.AddReminders();
        services.AddSingleton<IReminderTable>(sp => new SqliteReminderTable(
            sp.GetRequiredService<IOptions<ClusterOptions>>(), factory));
        return silo;
    }

    private static ISiloBuilder UsePostgres(ISiloBuilder silo, string connectionString, TelephonySiloOptions cluster)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = NpgsqlInvariant;
            o.ConnectionString = connectionString;
        });
        ConfigureEndpoints(silo, cluster);
        silo.AddAdoNetGrainStorage(TelephonyGrainStorage.Default, o =>
        {
            o.Invariant = NpgsqlInvariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = NpgsqlInvariant;
            o.ConnectionString = connectionString;
        });
        return silo;
    }

    // Listening on every interface: the advertised address may belong to a NAT or a container bridge rather than to
    // an interface of this machine, and the other nodes must reach the silo and gateway ports through it.
    private static void ConfigureEndpoints(ISiloBuilder silo, TelephonySiloOptions cluster)
    {
        var advertised = cluster.AdvertisedAddress?.Trim();
        if (string.IsNullOrEmpty(advertised))
        {
            silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        else if (IPAddress.TryParse(advertised, out var address))
        {
            silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
    }
}
