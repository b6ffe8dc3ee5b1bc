using System.Net;
using Telephony.Media.Rtp;

namespace Telephony.Media.Playback;

/// <summary>
/// How datagrams reach the session: through the scheduler's shared receive threads where available (Linux), else
/// through one async receive loop per socket.
/// </summary>
public sealed partial class RtpSession : IDatagramHandler
{
    private UdpReceiveEngine? _engine;
    private int _rtpRegistration = -1;
    private int _rtcpRegistration = -1;

    private void StartReceiving()
    {
        _engine = _scheduler.ReceiveEngine;
        if (_engine is null)
        {
            _receiveLoop = Task.Run(ReceiveLoopAsync);
            _rtcpLoop = Task.Run(RtcpReceiveLoopAsync);
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

    void IDatagramHandler.OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        _receivedFrom = from;
        OnDatagram(datagram);
    }

    private sealed class RtcpHandler(RtpSession session) : IDatagramHandler
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from) => session.OnRtcpDatagram(datagram, from);
    }
}
