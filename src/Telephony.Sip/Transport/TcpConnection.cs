using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Messages;
using Telephony.Sip.Protection;

namespace Telephony.Sip.Transport;

/// <summary>
/// One TCP connection: reads a byte stream, cuts it into messages by Content-Length, closes itself when
/// idle too long or when framing becomes impossible; writes are serialized. Under protection, an accepted
/// connection is unproven until a phone registers over it or it carries an answered call: until then it is closed
/// after a much shorter idle time, so idle connections cannot hold the listener's capacity.
/// </summary>
internal sealed class TcpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly ISipMessageSink _sink;
    private readonly ISipLog _log;
    private readonly int _maxMessageBytes;
    private readonly TimeSpan _provenIdleTimeout;
    private readonly TimeProvider _time;
    private readonly SourceGuard? _guard;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private TimeSpan _idleTimeout;
    private CancellationTokenSource? _idle;
    private int _closed;

    public TcpConnection(Socket socket, ISipMessageSink sink, ISipLog log, int maxMessageBytes, TimeSpan idleTimeout, TimeProvider time, SourceGuard? guard = null, bool proven = false)
    {
        _socket = socket;
        _guard = guard;
        _provenIdleTimeout = idleTimeout;
        _sink = sink;
        _log = log;
        _maxMessageBytes = maxMessageBytes;
        _idleTimeout = idleTimeout;
        _time = time;
        socket.NoDelay = true;
        Remote = AddressNormalizer.Normalize((IPEndPoint)socket.RemoteEndPoint!);
        Local = AddressNormalizer.Normalize((IPEndPoint)socket.LocalEndPoint!);
        IsProven = proven || guard is null || !guard.Options.Enabled || guard.IsAllowListed(Remote.Address);
        if (!IsProven)
        {
            _idleTimeout = TimeSpan.FromTicks(Math.Min(idleTimeout.Ticks, guard!.Options.UnprovenTcpIdleTimeout.Ticks));
        }
    }

    /// <summary>Whether the connection keeps the full idle timeout (registered a phone, carried a call, or trusted).</summary>
    public bool IsProven { get; private set; }

    /// <summary>A phone registered over the connection, or a call over it was answered: the full idle timeout from now on.</summary>
    public void MarkProven()
    {
        if (IsProven)
        {
            return;
        }

        IsProven = true;
        _idleTimeout = _provenIdleTimeout;
        try
        {
            Volatile.Read(ref _idle)?.CancelAfter(_provenIdleTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The read it guarded is over; the next one takes the new timeout.
        }
    }

    public IPEndPoint Remote { get; }

    public IPEndPoint Local { get; }

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    public event Action<TcpConnection>? Closed;

    public async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var flow = new SipFlow(SipTransportKind.Tcp, Remote, Local, this);
        var buffer = new byte[Math.Min(_maxMessageBytes + 4096, 1 << 20)];
        var count = 0;
        try
        {
            while (IsOpen && !cancellationToken.IsCancellationRequested)
            {
                if (count == buffer.Length)
                {
                    _log.Log(SipLogLevel.Warning, $"TCP {Remote}: message exceeds {_maxMessageBytes} bytes, closing");
                    return;
                }

                using var idle = new CancellationTokenSource(_idleTimeout, _time);
                Volatile.Write(ref _idle, idle);
                using var readCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
                int read;
                try
                {
                    read = await _socket.ReceiveAsync(buffer.AsMemory(count), SocketFlags.None, readCancellation.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    _log.Log(SipLogLevel.Debug, $"TCP {Remote}: idle timeout, closing");
                    return;
                }

                if (read == 0)
                {
                    return;
                }

                count += read;
                int consumed;
                bool fatal;
                try
                {
                    consumed = ProcessFrames(buffer.AsSpan(0, count), flow, out fatal);
                }
                catch (Exception e) when (e is not (SocketException or ObjectDisposedException or OperationCanceledException))
                {
                    _log.Log(SipLogLevel.Error, $"TCP {Remote}: unexpected failure, closing", e);
                    return;
                }

                if (fatal)
                {
                    return;
                }

                if (consumed > 0)
                {
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, count - consumed);
                    count -= consumed;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _log.Log(SipLogLevel.Debug, $"TCP {Remote}: connection ended ({e.GetType().Name})");
        }
        finally
        {
            Close();
        }
    }

    private int ProcessFrames(ReadOnlySpan<byte> data, SipFlow flow, out bool fatal)
    {
        fatal = false;
        var consumed = 0;
        while (consumed < data.Length)
        {
            var status = SipStreamFramer.TryFrame(data[consumed..], _maxMessageBytes, out var length, out var error);
            switch (status)
            {
                case SipFrameStatus.KeepAlive:
                    consumed += length;
                    continue;
                case SipFrameStatus.NeedMoreData:
                    return consumed;
                case SipFrameStatus.Invalid:
                    _log.Log(SipLogLevel.Warning, $"TCP {Remote}: unrecoverable framing ({error}), closing");
                    fatal = true;
                    return consumed;
            }

            var frame = data.Slice(consumed, length);
            consumed += length;
            if (_guard is not null && !_guard.AdmitMessage(Remote.Address))
            {
                // Banned (now or by this very message): nothing is answered and the connection goes.
                fatal = true;
                return consumed;
            }

            SipMessage message;
            try
            {
                message = SipParser.Parse(frame);
            }
            catch (SipParseException e)
            {
                _sink.OnParseError(e, flow);
                continue;
            }

            _sink.OnMessage(message, flow);
        }

        return consumed;
    }

    public async Task SendAsync(ReadOnlyMemory<byte> data)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await _socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false);
                data = data[sent..];
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Close();
            throw new IOException($"TCP send to {Remote} failed", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already gone
        }

        _socket.Dispose();
        Closed?.Invoke(this);
    }

    public void Dispose() => Close();
}
