using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Protection;

namespace Telephony.Sip.Transport;

/// <summary>TCP listener plus the set of open connections (accepted or opened to send a response).</summary>
internal sealed class TcpChannel : IDisposable
{
    private readonly Socket _listener;
    private readonly ISipMessageSink _sink;
    private readonly ISipLog _log;
    private readonly SipEndpointOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<TcpConnection, byte> _connections = new();
    private readonly CancellationToken _stopping;
    private readonly SourceGuard? _guard;

    public TcpChannel(IPEndPoint bindTo, ISipMessageSink sink, ISipLog log, SipEndpointOptions options, TimeProvider time, CancellationToken stopping, SourceGuard? guard = null)
    {
        _guard = guard;
        _stopping = stopping;
        _sink = sink;
        _log = log;
        _options = options;
        _time = time;
        _listener = new Socket(bindTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (bindTo.AddressFamily == AddressFamily.InterNetworkV6 && bindTo.Address.Equals(IPAddress.IPv6Any))
        {
            _listener.DualMode = true;
        }

        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(bindTo);
        _listener.Listen(128);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public int ConnectionCount => _connections.Count;

    public async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Log(SipLogLevel.Debug, $"TCP accept error {e.SocketErrorCode}");
                continue;
            }

            if (_connections.Count >= _options.MaxTcpConnections)
            {
                _log.Log(SipLogLevel.Warning, $"TCP connection limit {_options.MaxTcpConnections} reached, refusing a connection");
                socket.Dispose();
                continue;
            }

            var remote = AddressNormalizer.Normalize((IPEndPoint)socket.RemoteEndPoint!).Address;
            if (_guard is not null && !_guard.TryOpenTcp(remote))
            {
                // Banned, or holding its share of connections already: closed before reading a byte.
                socket.Dispose();
                continue;
            }

            var accepted = new TcpConnection(socket, _sink, _log, _options.MaxMessageBytes, _options.TcpIdleTimeout, _time, _guard);
            if (_guard is not null)
            {
                accepted.Closed += closed => _guard.TcpClosed(closed.Remote.Address);
            }

            Track(accepted);
        }
    }

    /// <summary>An open connection to the peer (reused when one exists), else a new outbound one.</summary>
    public async Task<TcpConnection> GetOrConnectAsync(IPEndPoint remote)
    {
        foreach (var connection in _connections.Keys)
        {
            if (connection.IsOpen && connection.Remote.Equals(remote))
            {
                return connection;
            }
        }

        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        // A connection we opened goes to a peer we chose (a phone's flow, a trunk): it is proven from the start.
        var created = new TcpConnection(socket, _sink, _log, _options.MaxMessageBytes, _options.TcpIdleTimeout, _time, _guard, proven: true);
        Track(created);
        return created;
    }

    private void Track(TcpConnection connection)
    {
        _connections[connection] = 0;
        connection.Closed += closed => _connections.TryRemove(closed, out _);
        _ = Task.Run(() => connection.ReadLoopAsync(_stopping));
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Close();
        }
    }
}
