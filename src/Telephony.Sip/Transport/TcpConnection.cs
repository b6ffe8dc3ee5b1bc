using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>
/// One TCP connection: reads a byte stream, cuts it into messages by Content-Length, closes itself when
/// idle too long or when framing becomes impossible; writes are serialized.
/// </summary>
internal sealed class TcpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly ISipMessageSink _sink;
    private readonly ISipLog _log;
    private readonly int _maxMessageBytes;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _closed;

    public TcpConnection(Socket socket, ISipMessageSink sink, ISipLog log, int maxMessageBytes, TimeSpan idleTimeout, TimeProvider time)
    {
        _socket = socket;
        _sink = sink;
        _log = log;
        _maxMessageBytes = maxMessageBytes;
        _idleTimeout = idleTimeout;
        _time = time;
        socket.NoDelay = true;
        Remote = AddressNormalizer.Normalize((IPEndPoint)socket.RemoteEndPoint!);
        Local = AddressNormalizer.Normalize((IPEndPoint)socket.LocalEndPoint!);
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
