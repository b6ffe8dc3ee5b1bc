using System.Collections.Concurrent;
using System.Text;

namespace Telephony.Sip.Tests.Support;

/// <summary>Answers every call with a static SDP and lets it end when the caller hangs up.</summary>
internal sealed class AnsweringHandler : ISipCallHandler
{
    public static readonly byte[] AnswerSdp = Encoding.ASCII.GetBytes(
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");

    public ConcurrentQueue<IncomingCall> Calls { get; } = new();

    public ConcurrentQueue<CallTermination> Terminations { get; } = new();

    public bool Answer { get; init; } = true;

    public Task OnIncomingCallAsync(IncomingCall call)
    {
        Calls.Enqueue(call);
        _ = call.Terminated.ContinueWith(t => Terminations.Enqueue(t.Result), TaskScheduler.Default);
        if (Answer)
        {
            _ = Task.Run(async () =>
            {
                await call.SendProvisionalAsync();
                try
                {
                    await call.AnswerAsync(AnswerSdp);
                }
                catch (TimeoutException)
                {
                    // recorded through Terminated
                }
            });
        }

        return Task.CompletedTask;
    }
}
