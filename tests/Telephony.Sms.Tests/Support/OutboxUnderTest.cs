using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Telephony.Storage;

namespace Telephony.Sms.Tests.Support;

/// <summary>
/// The SMS component on a temporary SQLite file, with a fake clock and a scripted gateway: notifications store,
/// <see cref="PollAsync"/> runs one worker poll at the fake clock's time.
/// </summary>
internal sealed class OutboxUnderTest : IAsyncDisposable
{
    private readonly string _directory;
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();

    private OutboxUnderTest(string directory, IDbConnectionFactory factory, SmsSettings settings, DateTimeOffset now)
    {
        _directory = directory;
        Factory = factory;
        Settings = settings;
        Clock = new FakeTimeProvider(now);
        Repository = new SmsOutboxRepository(factory);
        var metrics = new SmsMetrics(Prometheus.Metrics.WithCustomRegistry(_registry));
        Worker = new SmsOutboxWorker(Repository, Gateway, settings, metrics, Clock, NullLogger<SmsOutboxWorker>.Instance);
        Notifications = new SmsNotifications(Repository, settings, metrics, Clock, NullLogger<SmsNotifications>.Instance, Worker);
    }

    public IDbConnectionFactory Factory { get; }

    public SmsSettings Settings { get; }

    public FakeTimeProvider Clock { get; }

    public FakeGateway Gateway { get; } = new();

    public SmsOutboxRepository Repository { get; }

    public SmsOutboxWorker Worker { get; }

    public SmsNotifications Notifications { get; }

    public static SmsSettings DefaultSettings() => new()
    {
        GatewayUrl = "http://127.0.0.1:9/cgi-bin/sendsms",
        Username = "telephony",
        Password = "password",
        Sender = "CNAV",
        RetryDelaySeconds = 30,
        RetryMaxDelaySeconds = 300,
        MaxAttempts = 4,
    };

    public static async Task<OutboxUnderTest> CreateAsync(DateTimeOffset now, SmsSettings? settings = null, bool migrate = true)
    {
        var directory = Directory.CreateTempSubdirectory("telephony-sms-tests-").FullName;
        var factory = StorageFactory.CreateConnectionFactory(new StorageOptions
        {
            Provider = StorageProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(directory, "sms.db")};Pooling=False",
        });
        if (migrate)
        {
            await new DatabaseMigrator(factory, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        return new OutboxUnderTest(directory, factory, settings ?? DefaultSettings(), now);
    }

    public Task<int> PollAsync() => Worker.RunOnceAsync(CancellationToken.None);

    /// <summary>The value of <c>telephony_sms_total</c> for these labels (0 when the series does not exist).</summary>
    public async Task<double> CountAsync(string network, string kind, string result)
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        var prefix = $"telephony_sms_total{{network=\"{network}\",kind=\"{kind}\",result=\"{result}\"}} ";
        var line = Encoding.UTF8.GetString(stream.ToArray()).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync()
    {
        Worker.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Records what it is asked to send and answers from a script (accepted when the script is empty).</summary>
internal sealed class FakeGateway : ISmsGateway
{
    private readonly Queue<SmsSendResult> _script = new();
    private readonly List<SmsMessage> _sent = [];

    public IReadOnlyList<SmsMessage> Requests
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public void FailNext(int times, string detail = "HTTP 503: Sending failed")
    {
        for (var i = 0; i < times; i++)
        {
            _script.Enqueue(SmsSendResult.Fail(detail));
        }
    }

    public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            _sent.Add(message);
            return Task.FromResult(_script.TryDequeue(out var scripted) ? scripted : SmsSendResult.Accept("0: Accepted for delivery"));
        }
    }
}
