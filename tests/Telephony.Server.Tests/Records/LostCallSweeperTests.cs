using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Telephony.Calls.Metrics;
using Telephony.Calls.Recording;
using Telephony.Calls.Tests.Recording;
using Telephony.Server.Records;
using Telephony.Storage;

namespace Telephony.Server.Tests.Records;

/// <summary>
/// Which rows the sweeper closes as node_lost, and who counts them: this node's previous run at start-up, and the
/// silos Orleans declares dead, by the oldest active silo only.
/// </summary>
public sealed class LostCallSweeperTests : IAsyncDisposable
{
    private static readonly SiloAddress Oldest = Silo(1, 100);
    private static readonly SiloAddress Me = Silo(2, 200);
    private static readonly SiloAddress Other = Silo(3, 300);

    private readonly string _directory = Directory.CreateTempSubdirectory("telephony-sweeper-tests-").FullName;
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly SweptRecords _records = new();
    private readonly FakeMembership _membership = new();
    private readonly CallRecordBuffer _buffer;
    private readonly CallRecordWriter _writer;
    private readonly LostCallSweeper _sweeper;

    public LostCallSweeperTests()
    {
        var bufferPath = Path.Combine(_directory, "call-records.buffer.jsonl");
        File.WriteAllText(Path.ChangeExtension(bufferPath, ".alive"), "2026-03-02T09:15:00.0000000+00:00");
        _buffer = new CallRecordBuffer(bufferPath, 100, NullLogger.Instance);
        var metricFactory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _writer = new CallRecordWriter(_records, _buffer, new StorageMetrics(metricFactory), TimeProvider.System, NullLogger<CallRecordWriter>.Instance);
        _writer.Start();
        _sweeper = new LostCallSweeper(
            _records, _writer, new NodeIdentity("pbx-b-5060", Me.ToParsableString()), new NodeAliveFile(bufferPath, TimeProvider.System), _membership,
            new FakeSiloDetails(Me), new TelephonyMetrics(metricFactory), TimeProvider.System, NullLogger<LostCallSweeper>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.StopAsync(CancellationToken.None);
        await _writer.DisposeAsync();
        _buffer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task At_start_up_the_rows_of_this_nodes_previous_run_are_closed_as_ending_when_it_was_last_alive_and_counted()
    {
        _records.LostByNode.Enqueue([new LostCall("a", "CNAV", "3960"), new LostCall("b", "CNAV", "3960"), new LostCall("c", "CAF", "3230")]);
        _membership.Publish(Snapshot((Me, SiloStatus.Active)));

        await _sweeper.StartAsync(CancellationToken.None);

        await Until.TrueAsync(() => _records.Calls.Contains("node pbx-b-5060 except " + Me.ToParsableString() + " at 2026-03-02T09:15:00.0000000+00:00"));
        await Until.TrueAsync(async () => await DroppedAsync("CNAV", "3960") == 2 && await DroppedAsync("CAF", "3230") == 1);
    }

    [Fact]
    public async Task The_oldest_active_silo_closes_the_rows_of_a_dead_silo_once()
    {
        _membership.Publish(Snapshot((Me, SiloStatus.Active), (Other, SiloStatus.Active)));
        await _sweeper.StartAsync(CancellationToken.None);
        _records.LostByInstance[Other.ToParsableString()] = [new LostCall("x", "CNAV", "3960")];

        _membership.Publish(Snapshot((Me, SiloStatus.Active), (Other, SiloStatus.Dead)));
        await Until.TrueAsync(async () => await DroppedAsync("CNAV", "3960") == 1);
        _membership.Publish(Snapshot((Me, SiloStatus.Active), (Other, SiloStatus.Dead), (Silo(4, 400), SiloStatus.Active)));
        await Until.TrueAsync(() => _membership.Consumed >= 3);
        await Task.Delay(300); // the third snapshot's sweep, which must not close the same silo again

        Assert.Equal(1, _records.Calls.Count(c => c == "instance " + Other.ToParsableString()));
    }

    [Fact]
    public async Task A_younger_silo_leaves_the_dead_to_the_oldest_and_takes_over_when_the_oldest_dies_too()
    {
        _membership.Publish(Snapshot((Oldest, SiloStatus.Active), (Me, SiloStatus.Active), (Other, SiloStatus.Dead)));
        await _sweeper.StartAsync(CancellationToken.None);
        await Until.TrueAsync(() => _membership.Consumed >= 1 && _records.Calls.Any(c => c.StartsWith("node", StringComparison.Ordinal)));
        Assert.DoesNotContain(_records.Calls, c => c.StartsWith("instance", StringComparison.Ordinal));

        _membership.Publish(Snapshot((Oldest, SiloStatus.Dead), (Me, SiloStatus.Active), (Other, SiloStatus.Dead)));

        await Until.TrueAsync(() => _records.Calls.Contains("instance " + Oldest.ToParsableString()) && _records.Calls.Contains("instance " + Other.ToParsableString()));
    }

    private async Task<double> DroppedAsync(string network, string line)
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        var series = $"telephony_calls_outcome_total{{network=\"{network}\",line=\"{line}\",outcome=\"dropped\"}} ";
        var sample = Encoding.UTF8.GetString(stream.ToArray()).Split('\n').FirstOrDefault(l => l.StartsWith(series, StringComparison.Ordinal));
        return sample is null ? 0 : double.Parse(sample[series.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SiloAddress Silo(int host, int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Parse($"10.0.0.{host}"), 11111), generation);

    private static ClusterMembershipSnapshot Snapshot(params (SiloAddress Silo, SiloStatus Status)[] members) => new(
        members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, $"node-{m.Silo.Generation}")),
        new MembershipVersion(Environment.TickCount64));

    /// <summary>The rows a test says are open, handed out to whichever close asks for them; every close is noted.</summary>
    private sealed class SweptRecords : ICallRecordRepository
    {
        public ConcurrentQueue<IReadOnlyList<LostCall>> LostByNode { get; } = new();

        public ConcurrentDictionary<string, IReadOnlyList<LostCall>> LostByInstance { get; } = new();

        public ConcurrentBag<string> Calls { get; } = [];

        public Task<IReadOnlyList<LostCall>> CloseLostByNodeAsync(string nodeId, string currentInstance, DateTimeOffset lastSeen, CancellationToken ct)
        {
            Calls.Add($"node {nodeId} except {currentInstance} at {lastSeen:O}");
            return Task.FromResult(LostByNode.TryDequeue(out var lost) ? lost : []);
        }

        public Task<IReadOnlyList<LostCall>> CloseLostByInstanceAsync(string instance, DateTimeOffset lastSeen, CancellationToken ct)
        {
            Calls.Add($"instance {instance}");
            return Task.FromResult(LostByInstance.TryRemove(instance, out var lost) ? lost : (IReadOnlyList<LostCall>)[]);
        }

        public Task ApplyAsync(IReadOnlyList<CallRecordWrite> writes, CancellationToken ct) => Task.CompletedTask;

        public Task AddAsync(CallRecord record, CancellationToken ct) => throw new NotSupportedException();

        public Task<CallRecord?> FindByCallIdAsync(string callId, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<CallRecord>> ListRecentAsync(int limit, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<OpenCallRecord>> ListOpenAsync(int limit, CancellationToken ct) => throw new NotSupportedException();
    }

    /// <summary>Membership as Orleans publishes it: the current snapshot, and each new one on the updates stream.</summary>
    private sealed class FakeMembership : IClusterMembershipService
    {
        private readonly Channel<ClusterMembershipSnapshot> _updates = Channel.CreateUnbounded<ClusterMembershipSnapshot>();
        private int _consumed;

        public ClusterMembershipSnapshot CurrentSnapshot { get; private set; } = Snapshot();

        public int Consumed => Volatile.Read(ref _consumed);

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => ReadUpdatesAsync();

        public void Publish(ClusterMembershipSnapshot snapshot)
        {
            CurrentSnapshot = snapshot;
            _updates.Writer.TryWrite(snapshot);
        }

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);

        private async IAsyncEnumerable<ClusterMembershipSnapshot> ReadUpdatesAsync()
        {
            await foreach (var snapshot in _updates.Reader.ReadAllAsync())
            {
                yield return snapshot;
                Interlocked.Increment(ref _consumed);
            }
        }
    }

    private sealed class FakeSiloDetails(SiloAddress silo) : ILocalSiloDetails
    {
        public string Name => "test";

        public string ClusterId => "test";

        public string DnsHostName => "localhost";

        public SiloAddress SiloAddress => silo;

        public SiloAddress GatewayAddress => silo;
    }
}
