using System.Net;
using System.Net.Sockets;
using Telephony.Media.Diagnostics;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;
using Telephony.Media.Tests.Support;

namespace Telephony.Media.Tests.Sessions;

/// <summary>Exceptions contained on the media threads reach the scheduler's log, counted per session and kind.</summary>
public sealed class FailureReportingTests : IDisposable
{
    private readonly RecordingMediaLog _log = new();
    private readonly MediaScheduler _scheduler = new();
    private readonly RtpPortAllocator _ports;

    public FailureReportingTests()
    {
        _scheduler.Log = _log;
        var (first, last) = TestPorts.Range(4);
        _ports = new RtpPortAllocator(first, last);
    }

    public void Dispose() => _scheduler.Dispose();

    private static NegotiatedAudio AudioTo(IPEndPoint remote) => new(remote, AudioCodec.Pcmu, 0, 101, 20, MediaDirection.SendRecv);

    [Fact]
    public async Task An_audio_consumer_throwing_on_every_packet_is_counted_each_time_and_logged_once_naming_the_stream()
    {
        using var peer = new RtpPeer();
        await using var session = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var calls = 0;
        var tenCalls = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.AudioReceived = _ =>
        {
            if (Interlocked.Increment(ref calls) == 10)
            {
                tenCalls.TrySetResult();
            }

            throw new InvalidOperationException("recognizer bug");
        };
        session.Start(AudioTo(peer.EndPoint));

        for (ushort i = 0; i < 10; i++)
        {
            peer.SendRtp(session.LocalEndPoint, 0, i, i * 160u, new byte[160]);
        }

        await tenCalls.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(10, session.Statistics.CallbackErrors);
        Assert.Equal(10, _log.Counted(MediaComponent.Callback));
        var logged = Assert.Single(_log.Logged);
        Assert.Equal(MediaComponent.Callback, logged.Component);
        Assert.Equal("recognizer bug", logged.Exception.Message);
        Assert.Contains(session.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture), logged.Stream);
    }

    [Fact]
    public async Task A_bridge_owner_whose_ended_handler_throws_is_reported_as_a_bridge_failure_of_the_leg_that_ended()
    {
        using var callerPhone = new RtpPeer();
        using var agentPhone = new RtpPeer();
        var caller = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        await using var agent = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        caller.Start(AudioTo(callerPhone.EndPoint));
        agent.Start(AudioTo(agentPhone.EndPoint));
        using var bridge = new MediaBridge(caller, agent);
        bridge.Ended += (_, _) => throw new InvalidOperationException("owner bug");

        await caller.DisposeAsync();

        Assert.True(bridge.IsEnded);
        Assert.Equal(1, caller.Statistics.BridgeFailures);
        var logged = Assert.Single(_log.Logged);
        Assert.Equal((MediaComponent.Bridge, "owner bug"), (logged.Component, logged.Exception.Message));
    }

    [LinuxSocketsFact]
    public async Task A_throwing_handler_on_the_shared_receive_threads_is_reported_and_the_thread_goes_on()
    {
        using var engine = new UdpReceiveEngine(1);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var handler = new FailingHandler(failFirst: 3);
        var token = engine.Register(socket, handler, 0);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (var i = 0; i < 4; i++)
        {
            sender.SendTo(new byte[12], socket.LocalEndPoint!);
        }

        await handler.FourthDatagram.Task.WaitAsync(TimeSpan.FromSeconds(5));
        engine.Unregister(token);
        Assert.Equal(3, handler.Failures);
        Assert.Equal(3, engine.HandlerFailures);
    }

    private sealed class FailingHandler(int failFirst) : IDatagramHandler
    {
        private int _datagrams;
        private int _failures;

        public TaskCompletionSource FourthDatagram { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Failures => Volatile.Read(ref _failures);

        public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from)
        {
            if (++_datagrams <= failFirst)
            {
                throw new InvalidOperationException($"datagram {_datagrams}");
            }

            FourthDatagram.TrySetResult();
        }

        public void OnDatagramFailed(Exception exception) => Interlocked.Increment(ref _failures);
    }
}
