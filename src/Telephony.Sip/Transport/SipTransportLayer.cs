using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Messages;
using Telephony.Sip.Protection;

namespace Telephony.Sip.Transport;

/// <summary>UDP and TCP on the same port, delivering to one sink and sending along flows.</summary>
internal sealed class SipTransportLayer : ISipSender, IDisposable
{
    private readonly SipEndpointOptions _options;
    private readonly ISipMessageSink _sink;
    private readonly ISipLog _log;
    private readonly TimeProvider _time;
    private readonly ISipTrafficCounter _traffic;
    private readonly SourceGuard? _guard;
    private UdpChannel? _udp;
    private TcpChannel? _tcp;

    public SipTransportLayer(SipEndpointOptions options, ISipMessageSink sink, ISipLog log, TimeProvider time, ISipTrafficCounter traffic, SourceGuard? guard = null)
    {
        _guard = guard;
        _traffic = traffic;
        _options = options;
        _sink = sink;
        _log = log;
        _time = time;
    }

    public IPEndPoint UdpLocalEndPoint => _udp?.LocalEndPoint ?? throw new InvalidOperationException("Not started");

    public IPEndPoint TcpLocalEndPoint => _tcp?.LocalEndPoint ?? throw new InvalidOperationException("Not started");

    public void Start(CancellationToken stopping)
    {
        // With port 0 the UDP port is chosen first and TCP must get the same number: retry if it is taken.
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpChannel(new IPEndPoint(_options.BindAddress, _options.Port), _sink, _log, _options.MaxMessageBytes, _guard);
            try
            {
                _tcp = new TcpChannel(new IPEndPoint(_options.BindAddress, udp.LocalEndPoint.Port), _sink, _log, _options, _time, stopping, _guard);
                _udp = udp;
                break;
            }
            catch (SocketException) when (_options.Port == 0 && attempt < 20)
            {
                udp.Dispose();
            }
            catch
            {
                udp.Dispose();
                throw;
            }
        }

        _ = Task.Run(() => _udp.ReceiveLoopAsync(stopping), CancellationToken.None);
        _ = Task.Run(() => _tcp.AcceptLoopAsync(stopping), CancellationToken.None);
        _log.Log(SipLogLevel.Information, $"SIP listening on udp:{_udp.LocalEndPoint} tcp:{_tcp.LocalEndPoint}");
    }

    public async Task SendResponseAsync(SipResponse response, SipFlow flow)
    {
        var bytes = response.ToBytes();
        _traffic.ResponseSent(CSeqMethod(response), response.StatusCode);
        if (flow.Kind == SipTransportKind.Udp)
        {
            var destination = ViaRouting.UdpResponseDestination(response, flow);
            _log.Log(SipLogLevel.Trace, $"Sending {response.StatusCode} to udp:{destination}");
            await UdpSendAsync(bytes, destination).ConfigureAwait(false);
            return;
        }

        if (flow.Connection is { IsOpen: true } connection)
        {
            await connection.SendAsync(bytes).ConfigureAwait(false);
            return;
        }

        var reconnected = await TcpChannel.GetOrConnectAsync(ViaRouting.TcpResponseDestination(response, flow)).ConfigureAwait(false);
        await reconnected.SendAsync(bytes).ConfigureAwait(false);
    }

    public async Task SendRequestAsync(SipRequest request, SipFlow flow)
    {
        var bytes = request.ToBytes();
        if (flow.Kind == SipTransportKind.Udp)
        {
            await UdpSendAsync(bytes, flow.Remote).ConfigureAwait(false);
            return;
        }

        var connection = flow.Connection is { IsOpen: true } open ? open : await TcpChannel.GetOrConnectAsync(flow.Remote).ConfigureAwait(false);
        await connection.SendAsync(bytes).ConfigureAwait(false);
    }

    private Task UdpSendAsync(byte[] bytes, IPEndPoint destination)
    {
        if (destination.Address.Equals(IPAddress.Broadcast) || destination.Port == 0)
        {
            _log.Log(SipLogLevel.Warning, $"Refusing to send to {destination}");
            return Task.CompletedTask;
        }

        return (_udp ?? throw new InvalidOperationException("Not started")).SendAsync(bytes, destination);
    }

    /// <summary>The method of the response's CSeq without parsing it strictly: a stateless 400 may echo a broken one.</summary>
    internal static string CSeqMethod(SipResponse response)
    {
        var value = response.Headers.Get(SipHeaderNames.CSeq).AsSpan().Trim();
        var space = value.LastIndexOfAny(' ', '\t');
        return space < 0 ? string.Empty : value[(space + 1)..].ToString();
    }

    private TcpChannel TcpChannel => _tcp ?? throw new InvalidOperationException("Not started");

    public void Dispose()
    {
        _udp?.Dispose();
        _tcp?.Dispose();
    }
}
