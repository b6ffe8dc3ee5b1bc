using System.Net;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>Starts a SipEndpoint on 127.0.0.1 port 0 with a UDP peer pointed at it.</summary>
internal sealed class EndpointFixture : IAsyncDisposable
{
    private EndpointFixture(SipEndpoint endpoint, ScriptedHandler handler, UdpPeer peer, RecordingLog log)
    {
        Endpoint = endpoint;
        Handler = handler;
        Peer = peer;
        Log = log;
    }

    public SipEndpoint Endpoint { get; }

    public ScriptedHandler Handler { get; }

    public UdpPeer Peer { get; }

    public RecordingLog Log { get; }

    /// <summary>Starts the endpoint; <paramref name="time"/> (a fake clock) drives its timers when given.</summary>
    public static async Task<EndpointFixture> StartAsync(Func<IncomingCall, Task>? script = null, Action<SipEndpointOptions>? configure = null, TimeProvider? time = null, ISipTrafficCounter? traffic = null)
    {
        var options = new SipEndpointOptions { BindAddress = IPAddress.Loopback, Port = 0, T1 = TimeSpan.FromMilliseconds(20), T2 = TimeSpan.FromMilliseconds(80), T4 = TimeSpan.FromMilliseconds(100) };
        configure?.Invoke(options);
        var handler = new ScriptedHandler(script);
        var log = new RecordingLog();
        var endpoint = new SipEndpoint(options, handler, log, time, traffic);
        await endpoint.StartAsync(CancellationToken.None);
        return new EndpointFixture(endpoint, handler, new UdpPeer(endpoint.UdpLocalEndPoint), log);
    }

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static string NewBranch() => "z9hG4bK" + Guid.NewGuid().ToString("N");

    public async ValueTask DisposeAsync()
    {
        Peer.Dispose();
        await Endpoint.DisposeAsync();
    }
}
