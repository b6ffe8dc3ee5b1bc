using System.Collections.Concurrent;
using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests.Support;

/// <summary>Transport stand-in that records what transactions send, with the fake time of each send.</summary>
internal sealed class RecordingSender(TimeProvider time) : ISipSender
{
    public ConcurrentQueue<(TimeSpan At, SipMessage Message)> Sent { get; } = new();

    private readonly DateTimeOffset _start = time.GetUtcNow();

    public static SipFlow Flow(SipTransportKind kind) =>
        new(kind, new IPEndPoint(IPAddress.Loopback, 5070), new IPEndPoint(IPAddress.Loopback, 5060), null);

    public Task SendResponseAsync(SipResponse response, SipFlow flow)
    {
        Sent.Enqueue((time.GetUtcNow() - _start, response));
        return Task.CompletedTask;
    }

    public Task SendRequestAsync(SipRequest request, SipFlow flow)
    {
        Sent.Enqueue((time.GetUtcNow() - _start, request));
        return Task.CompletedTask;
    }

    public double[] SendTimesInMs() => Sent.Select(s => s.At.TotalMilliseconds).ToArray();
}
