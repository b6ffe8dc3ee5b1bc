using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Messages;
using Telephony.Sip.Protection;

namespace Telephony.Sip.Transport;

/// <summary>One UDP socket: a receive loop that hands each datagram to the sink, and sends.</summary>
internal sealed class UdpChannel : IDisposable
{
    private readonly Socket _socket;
    private readonly ISipMessageSink _sink;
    private readonly ISipLog _log;
    private readonly int _maxMessageBytes;
    private readonly SourceGuard? _guard;

    public UdpChannel(IPEndPoint bindTo, ISipMessageSink sink, ISipLog log, int maxMessageBytes, SourceGuard? guard = null)
    {
        _guard = guard;
        _sink = sink;
        _log = log;
        _maxMessageBytes = maxMessageBytes;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bindTo.AddressFamily == AddressFamily.InterNetworkV6 && bindTo.Address.Equals(IPAddress.IPv6Any))
        {
            _socket.DualMode = true;
        }

        // Signalling bursts (call storms, retransmissions) must not be dropped by a small default buffer.
        _socket.ReceiveBufferSize = 1 << 20;
        _socket.Bind(bindTo);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP port unreachable from an earlier send surfaces here on some stacks: keep receiving.
                _log.Log(SipLogLevel.Debug, $"UDP receive error {e.SocketErrorCode}");
                continue;
            }

            var remote = AddressNormalizer.Normalize((IPEndPoint)received.RemoteEndPoint);
            // Before parsing: a banned or flooding source costs a dictionary look-up and gets nothing back.
            if (_guard is not null && !_guard.AdmitMessage(remote.Address))
            {
                continue;
            }

            var flow = new SipFlow(SipTransportKind.Udp, remote, LocalEndPoint, null);
            try
            {
                Deliver(buffer.AsMemory(0, received.ReceivedBytes), flow);
            }
            catch (Exception e)
            {
                // A bug triggered by one datagram must not stop the receive loop.
                _log.Log(SipLogLevel.Error, $"Unexpected failure on a datagram from {remote}", e);
            }
        }
    }

    private void Deliver(ReadOnlyMemory<byte> datagram, SipFlow flow)
    {
        if (IsKeepAlive(datagram.Span))
        {
            return;
        }

        if (datagram.Length > _maxMessageBytes)
        {
            _sink.OnOversized(datagram, flow);
            return;
        }

        SipMessage message;
        try
        {
            message = SipParser.Parse(datagram.Span);
        }
        catch (SipParseException e)
        {
            _sink.OnParseError(e, flow);
            return;
        }

        _sink.OnMessage(message, flow);
    }

    private static bool IsKeepAlive(ReadOnlySpan<byte> datagram) => datagram.TrimStart("\r\n \0"u8).IsEmpty;

    public async Task SendAsync(ReadOnlyMemory<byte> data, IPEndPoint destination)
    {
        var target = destination;
        if (_socket.AddressFamily == AddressFamily.InterNetworkV6 && destination.AddressFamily == AddressFamily.InterNetwork)
        {
            target = new IPEndPoint(destination.Address.MapToIPv6(), destination.Port);
        }

        await _socket.SendToAsync(data, SocketFlags.None, target).ConfigureAwait(false);
    }

    public void Dispose() => _socket.Dispose();
}
