using System.Net;
using System.Net.Sockets;
using Telephony.Media.Diagnostics;
using Telephony.Media.Rtp;

namespace Telephony.Media.Sessions;

/// <summary>
/// How datagrams reach the session: through the scheduler's shared receive threads where available (Linux), else
/// through one async receive loop per socket.
/// </summary>
public sealed partial class RtpSession : IDatagramHandler
{
    private UdpReceiveEngine? _engine;
    private long _rtpRegistration;
    private long _rtcpRegistration;

    private void StartReceiving()
    {
        _engine = _scheduler.ReceiveEngine;
        if (_engine is null)
        {
            _receiveLoop = Task.Run(() => ReceiveLoopAsync(_socket, new byte[ReceiveBufferBytes], this));
            _rtcpLoop = Task.Run(() => ReceiveLoopAsync(_rtcpSocket, new byte[RtcpBufferBytes], new RtcpHandler(this)));
            return;
        }

        var worker = _engine.PickWorker();
        _rtpRegistration = _engine.Register(_socket, this, worker);
        _rtcpRegistration = _engine.Register(_rtcpSocket, new RtcpHandler(this), worker);
    }

    private void StopReceiving()
    {
        if (_engine is null)
        {
            return;
        }

        _engine.Unregister(_rtpRegistration);
        _engine.Unregister(_rtcpRegistration);
    }

    /// <summary>
    /// The fallback path, one async loop per socket, feeding the same handlers as the shared receive threads.
    /// </summary>
    private async Task ReceiveLoopAsync(Socket socket, byte[] buffer, IDatagramHandler handler)
    {
        var from = new SocketAddress(socket.AddressFamily);
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (IsDisposed)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP errors from earlier sends surface here on some platforms; they do not end the call.
                continue;
            }

            try
            {
                handler.OnDatagram(buffer.AsSpan(0, length), from);
            }
            catch (Exception exception)
            {
                // As on the shared threads: a handler bug loses this datagram, not the rest of the call.
                handler.OnDatagramFailed(exception);
            }
        }
    }

    void IDatagramHandler.OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        _receivedFrom = from;
        OnDatagram(datagram);
    }

    private sealed class RtcpHandler(RtpSession session) : IDatagramHandler
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from) => session.OnRtcpDatagram(datagram, from);

        public void OnDatagramFailed(Exception exception) => session.ReportFailure(MediaComponent.Receive, exception);
    }
}
