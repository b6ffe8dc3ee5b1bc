using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Telephony.Sms;
using Telephony.Storage;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One instance of the service's SMS component, as a node runs it: the outbox on a real database, the Kannel gateway,
/// the worker polling in the background, and the notifications the booking and callback code call. Two instances on one
/// database are two nodes.
/// </summary>
public sealed class SmsComponent : IAsyncDisposable
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly KannelSmsGateway _gateway;

    private SmsComponent(StorageOptions storage, SmsSettings settings, TimeProvider clock)
    {
        settings.Validate();
        Repository = new SmsOutboxRepository(StorageFactory.CreateConnectionFactory(storage));
        var metrics = new SmsMetrics(Prometheus.Metrics.WithCustomRegistry(_registry));
        _gateway = new KannelSmsGateway(settings);
        Worker = new SmsOutboxWorker(Repository, _gateway, settings, metrics, clock, NullLogger<SmsOutboxWorker>.Instance);
        Notifications = new SmsNotifications(Repository, settings, metrics, clock, NullLogger<SmsNotifications>.Instance, Worker);
    }

    public SmsOutboxRepository Repository { get; }

    public SmsOutboxWorker Worker { get; }

    public ISmsNotifications Notifications { get; }

    /// <summary>Settings a test starts from: the gateway's URL and credentials, a quick poll, quick retries.</summary>
    public static SmsSettings SettingsFor(KannelGateway kannel) => new()
    {
        GatewayUrl = kannel.SendSmsUrl,
        Username = KannelGateway.Username,
        Password = KannelGateway.Password,
        Sender = "CNAV",
        TimeoutSeconds = 5,
        RetryDelaySeconds = 1,
        RetryMaxDelaySeconds = 2,
        MaxAttempts = 20,
        PollIntervalSeconds = 0.2,
    };

    /// <summary>A fresh SQLite file, migrated.</summary>
    public static async Task<StorageOptions> NewSqliteDatabaseAsync()
    {
        var storage = new StorageOptions
        {
            Provider = StorageProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(TestTemp.NewDirectory("sms-db"), "telephony.db")}",
        };
        await MigrateAsync(storage);
        return storage;
    }

    /// <summary>A fresh database on the test PostgreSQL, migrated.</summary>
    public static async Task<StorageOptions> NewPostgresDatabaseAsync()
    {
        var storage = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await PostgresDatabases.CreateFreshAsync() };
        await MigrateAsync(storage);
        return storage;
    }

    public static async Task<SmsComponent> StartAsync(StorageOptions storage, SmsSettings settings, TimeProvider clock)
    {
        var component = new SmsComponent(storage, settings, clock);
        await component.Worker.StartAsync(CancellationToken.None);
        return component;
    }

    /// <summary>This instance's <c>telephony_sms_total</c> for these labels (0 before the first).</summary>
    public async Task<double> CountAsync(string network, string kind, string result)
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        var prefix = $"telephony_sms_total{{network=\"{network}\",kind=\"{kind}\",result=\"{result}\"}} ";
        var line = Encoding.UTF8.GetString(stream.ToArray()).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until this instance's worker has polled <paramref name="more"/> more times: it has looked at the outbox since now.</summary>
    public async Task PolledAgainAsync(int more = 2)
    {
        var target = Worker.CompletedPolls + more;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Worker.CompletedPolls < target)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The SMS worker {Worker.NodeId} did not poll {more} more times within 20 s.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.StopAsync(CancellationToken.None);
        Worker.Dispose();
        _gateway.Dispose();
    }

    private static async Task MigrateAsync(StorageOptions storage) =>
        await new DatabaseMigrator(StorageFactory.CreateConnectionFactory(storage), NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
}
