using System.Globalization;
using Microsoft.Extensions.Hosting;
using Telephony.Storage;

namespace Telephony.Sms;

/// <summary>
/// Sends what the outbox holds, on every node: each poll claims the due rows (confirmations just stored, reminders
/// whose evening has come, retries whose delay has passed), sends them one by one, and records each result. Claims are
/// exclusive, so two nodes polling the same database never send one SMS twice.
/// </summary>
/// <remarks>
/// Exactly once toward the gateway, as far as a gateway without idempotency keys allows: a row is marked sent only
/// after Kannel's 202. Two edges remain at-least-once: a node that dies (or loses the database) between the 202 and
/// recording it leaves the row to be sent again once its lease ends; and a request that timed out may have reached
/// Kannel anyway, so its retry can deliver a second copy.
/// </remarks>
public sealed class SmsOutboxWorker : BackgroundService
{
    /// <summary>Rows claimed per poll.</summary>
    public const int BatchSize = 10;

    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan[] RecordRetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly SmsOutboxRepository _outbox;
    private readonly ISmsGateway _gateway;
    private readonly SmsSettings _settings;
    private readonly SmsRetryPolicy _retry;
    private readonly SmsMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<SmsOutboxWorker> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _cycles;

    public SmsOutboxWorker(
        SmsOutboxRepository outbox, ISmsGateway gateway, SmsSettings settings, SmsMetrics metrics, TimeProvider time, ILogger<SmsOutboxWorker> logger)
    {
        _outbox = outbox;
        _gateway = gateway;
        _settings = settings;
        _retry = new SmsRetryPolicy(settings);
        _metrics = metrics;
        _time = time;
        _logger = logger;
        NodeId = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");
    }

    /// <summary>Who holds a claim: unique per worker, so two workers in one process are two claimants.</summary>
    public string NodeId { get; }

    /// <summary>Polls completed so far: lets a test know this worker has looked at the outbox since a given moment.</summary>
    public long CompletedPolls => Interlocked.Read(ref _cycles);

    // Covers a whole batch sent one by one, each bounded by the gateway timeout: no row is claimable by another node
    // while this one may still be sending it.
    private TimeSpan Lease => _settings.Timeout * BatchSize + LeaseMargin;

    /// <summary>Polls now instead of at the next interval (an SMS was just stored on this node).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller woke it in between: one wake is enough.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _logger.LogInformation("SMS outbox: node {Node} sends through {Gateway}, polling every {Interval} s",
            NodeId, _settings.GatewayUrl, _settings.PollIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is not OutOfMemoryException and not OperationCanceledException)
            {
                // The database is down or busy: the rows wait in it, and the next poll tries again.
                _logger.LogWarning("SMS outbox: poll failed ({Error}); trying again in {Interval} s", error.Message, _settings.PollIntervalSeconds);
            }

            if (claimed < BatchSize)
            {
                await WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One poll: claims the due rows and sends them. Returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var claimed = await _outbox.ClaimDueAsync(NodeId, now, now + Lease, BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var sms in claimed)
        {
            // Not cancelled by shutdown: a request Kannel may have accepted must get its answer recorded.
            await SendAsync(sms).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _cycles);
        return claimed.Count;
    }

    private async Task SendAsync(OutboxSms sms)
    {
        var masked = PhoneNumberMasking.Mask(sms.PhoneNumber);
        if (sms.ExpiresAt is { } expires && _time.GetUtcNow() >= expires)
        {
            _logger.LogWarning("SMS {Id} ({Kind}) to {To} not sent: it was due at {Due:u} and is of no use after {Expires:u}",
                sms.Id, sms.Kind, masked, sms.DueAt, expires);
            _metrics.Counted(sms.Network, sms.Kind, SmsMetrics.Failed);
            await RecordAsync(sms, () => _outbox.MarkFinalAsync(sms, NodeId, SmsStates.Expired, _time.GetUtcNow(), "expired before it could be sent", CancellationToken.None)).ConfigureAwait(false);
            return;
        }

        var result = await _gateway.SendAsync(new SmsMessage(sms.PhoneNumber, sms.Body), CancellationToken.None).ConfigureAwait(false);
        if (result.Accepted)
        {
            // Counted first: the gateway has it whatever happens to the record.
            _metrics.Counted(sms.Network, sms.Kind, SmsMetrics.Sent);
            await RecordAsync(sms, () => _outbox.MarkSentAsync(sms, NodeId, _time.GetUtcNow(), CancellationToken.None)).ConfigureAwait(false);
            _logger.LogInformation("SMS {Id} ({Kind}) to {To} accepted by the gateway at attempt {Attempt}: {Detail}",
                sms.Id, sms.Kind, masked, sms.Attempts, result.Detail);
            return;
        }

        if (_retry.IsExhausted(sms.Attempts))
        {
            _metrics.Counted(sms.Network, sms.Kind, SmsMetrics.Failed);
            await RecordAsync(sms, () => _outbox.MarkFinalAsync(sms, NodeId, SmsStates.Failed, _time.GetUtcNow(), result.Detail, CancellationToken.None)).ConfigureAwait(false);
            _logger.LogError("SMS {Id} ({Kind}) to {To} failed: attempt {Attempt} of {Max} refused ({Detail}); given up",
                sms.Id, sms.Kind, masked, sms.Attempts, _settings.MaxAttempts, result.Detail);
            return;
        }

        var delay = _retry.DelayAfter(sms.Attempts);
        _metrics.Counted(sms.Network, sms.Kind, SmsMetrics.Retried);
        await RecordAsync(sms, () => _outbox.RescheduleAsync(sms, NodeId, _time.GetUtcNow() + delay, result.Detail, CancellationToken.None)).ConfigureAwait(false);
        _logger.LogWarning("SMS {Id} ({Kind}) to {To}: attempt {Attempt} of {Max} failed ({Detail}); next in {Delay} s",
            sms.Id, sms.Kind, masked, sms.Attempts, _settings.MaxAttempts, result.Detail, delay.TotalSeconds);
    }

    // The send happened: losing its record would make another node send again once the lease ends, so a brief database
    // problem is waited out before giving up (and then the lease's end is the at-least-once edge described above).
    private async Task RecordAsync(OutboxSms sms, Func<Task<bool>> record)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (!await record().ConfigureAwait(false))
                {
                    _logger.LogWarning("SMS {Id}: its claim had ended (another node took it over) before the result was recorded; it may be sent twice", sms.Id);
                }

                return;
            }
            catch (Exception error) when (error is not OutOfMemoryException && attempt < RecordRetryDelays.Length)
            {
                _logger.LogWarning("SMS {Id}: recording the result failed ({Error}); trying again", sms.Id, error.Message);
                await Task.Delay(RecordRetryDelays[attempt], _time).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _wake.WaitAsync(_settings.PollInterval, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
