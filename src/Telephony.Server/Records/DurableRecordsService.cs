using Telephony.Calls.Recording;
using Telephony.Storage;

namespace Telephony.Server.Records;

/// <summary>
/// Starts the call-record writer once the silo has migrated the database (replaying a buffer left by the previous
/// run), encrypts callback numbers an older release stored in clear, keeps the node's alive file fresh, and on
/// shutdown (after the calls have drained) stores or buffers the last writes.
/// </summary>
public sealed class DurableRecordsService(
    CallRecordWriter writer,
    CallbackRequestRepository callbacks,
    StorageKeyRegistry keys,
    FieldCipher cipher,
    NodeAliveFile alive,
    NodeIdentity node,
    TimeProvider time,
    ILogger<DurableRecordsService> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private ITimer? _aliveTimer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureCallbackNumbersReadableAsync(cancellationToken);
        var encrypted = await callbacks.EncryptClearNumbersAsync(cancellationToken);
        if (encrypted > 0)
        {
            logger.LogWarning("Encrypted {Count} callback phone number(s) stored in clear by an older release (key id {KeyId})", encrypted, cipher.KeyId);
        }

        alive.Touch();
        _aliveTimer = time.CreateTimer(_ => TouchAlive(), null, NodeAliveFile.Interval, NodeAliveFile.Interval);
        writer.Start();
        logger.LogInformation("Node {Node} (run {Instance}): call records are opened at the answer; {Buffered} buffered write(s) to replay",
            node.Id, node.Instance, writer.Buffered);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await writer.StopAsync(StopGrace);
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_aliveTimer is not null)
        {
            await _aliveTimer.DisposeAsync();
            _aliveTimer = null;
        }
    }

    // A node whose key differs from the one the stored numbers were encrypted with could never dial them: say so now,
    // even before any number is stored (two nodes that each generated a key).
    private async Task EnsureCallbackNumbersReadableAsync(CancellationToken ct)
    {
        // The stored numbers first: a database an older release filled has no key id yet, and a wrong key must not be
        // the one recorded for it.
        var foreign = await callbacks.CountEncryptedWithOtherKeysAsync(cipher.KeyId, ct);
        if (foreign > 0)
        {
            throw new InvalidOperationException(
                $"{foreign} callback number(s) are encrypted with another key than this node's (key id {cipher.KeyId}): set Storage:EncryptionKey to the key the other nodes use.");
        }

        var recorded = await keys.RecordOrReadAsync(cipher.KeyId, ct);
        if (recorded != cipher.KeyId)
        {
            throw new InvalidOperationException(
                $"This database's values are encrypted with key id {recorded}, and this node's Storage:EncryptionKey has id {cipher.KeyId}: " +
                "set Storage:EncryptionKey to the key the other nodes use (every node of a cluster needs the same key, and it must never change).");
        }
    }

    private void TouchAlive()
    {
        try
        {
            alive.Touch();
        }
        catch (IOException error)
        {
            logger.LogWarning(error, "Cannot update the node's alive file");
        }
    }
}
