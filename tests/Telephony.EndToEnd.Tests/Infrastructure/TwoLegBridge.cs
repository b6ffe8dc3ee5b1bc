using System.Net;
using System.Text;
using Telephony.Media;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;
using Telephony.Media.Sdp;
using Telephony.Media.Sessions;
using Telephony.Sip;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A minimal B2BUA built from the project's own SIP endpoint and media bridge: it answers the first two calls and
/// relays their media to each other; when either leg hangs up, it hangs up the other.
/// </summary>
public sealed class TwoLegBridge : ISipCallHandler, IAsyncDisposable
{
    private readonly SipEndpoint _endpoint;
    private readonly RtpPortAllocator _ports;
    private readonly MediaScheduler _scheduler = new();
    private readonly List<(IncomingCall Call, RtpSession Media)> _legs = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _bothEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MediaBridge? _bridge;

    public TwoLegBridge((int First, int Last) rtpPorts)
    {
        RtpPorts = rtpPorts;
        _ports = new RtpPortAllocator(rtpPorts.First, rtpPorts.Last);
        _endpoint = new SipEndpoint(new SipEndpointOptions { BindAddress = IPAddress.Loopback, Port = 0 }, this, NullSipLog.Instance);
    }

    public (int First, int Last) RtpPorts { get; }

    public int Port => _endpoint.UdpLocalEndPoint.Port;

    public Task BothEnded => _bothEnded.Task;

    public Task StartAsync() => _endpoint.StartAsync(CancellationToken.None);

    public async Task OnIncomingCallAsync(IncomingCall call)
    {
        var media = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var offer = SdpSessionDescription.Parse(Encoding.UTF8.GetString(call.RemoteSdp.Span));
        var negotiation = SdpOfferAnswer.Answer(offer, call.LocalAddress, media.LocalPort, [AudioCodec.Pcma, AudioCodec.Pcmu]);
        await call.AnswerAsync(Encoding.UTF8.GetBytes(negotiation.Answer!.ToString()));
        media.Start(negotiation.Audio!);
        lock (_gate)
        {
            _legs.Add((call, media));
            if (_legs.Count == 2)
            {
                _bridge = new MediaBridge(_legs[0].Media, _legs[1].Media);
            }
        }

        _ = call.Terminated.ContinueWith(_ => OnLegEndedAsync(call), TaskScheduler.Default).Unwrap();
    }

    private async Task OnLegEndedAsync(IncomingCall ended)
    {
        (IncomingCall Call, RtpSession Media)[] legs;
        lock (_gate)
        {
            legs = [.. _legs];
        }

        foreach (var (call, media) in legs)
        {
            await media.DisposeAsync();
            if (!ReferenceEquals(call, ended) && !call.Terminated.IsCompleted)
            {
                await call.HangUpAsync();
            }
        }

        if (legs.Length == 2 && legs.All(l => l.Call.Terminated.IsCompleted))
        {
            _bothEnded.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _bridge?.Dispose();
        foreach (var (_, media) in _legs)
        {
            await media.DisposeAsync();
        }

        await _endpoint.DisposeAsync();
        _scheduler.Dispose();
    }
}
