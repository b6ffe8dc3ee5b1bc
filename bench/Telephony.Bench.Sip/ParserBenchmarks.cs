using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Telephony.Sip.Messages;

namespace Telephony.Bench.Sip;

/// <summary>Parser cost for a typical softphone INVITE with SDP (about 1 KB): time and allocated bytes per message.</summary>
[MemoryDiagnoser]
[Config(typeof(ShortConfig))]
public class ParserBenchmarks
{
    private const string Sdp =
        "v=0\r\no=- 3712 3712 IN IP4 192.168.1.20\r\ns=Softphone\r\nc=IN IP4 192.168.1.20\r\nt=0 0\r\n" +
        "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

    private static readonly byte[] Invite = Encoding.ASCII.GetBytes(
        "INVITE sip:3960@192.0.2.10 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-524287-1---a1b2c3;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "Contact: <sip:0612345678@192.168.1.20:5062;transport=UDP>\r\n" +
        "To: <sip:3960@192.0.2.10>\r\n" +
        "From: \"Jean Dupont\" <sip:0612345678@192.0.2.10>;tag=8f2a1c\r\n" +
        "Call-ID: YzQ1ZDk3NmE2NjM0@192.168.1.20\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Supported: replaces, norefersub, extended-refer, timer\r\n" +
        "User-Agent: Z 5.6.1 v2.10.19.9\r\n" +
        $"Content-Length: {Sdp.Length}\r\n\r\n" + Sdp);

    private SipMessage _parsed = null!;

    [GlobalSetup]
    public void Setup() => _parsed = SipParser.Parse(Invite);

    [Benchmark(Description = "Parse INVITE (1 KB, SDP body)")]
    public SipMessage Parse() => SipParser.Parse(Invite);

    [Benchmark(Description = "Serialize INVITE")]
    public byte[] Serialize() => _parsed.ToBytes();

    /// <summary>
    /// A few seconds per benchmark instead of BenchmarkDotNet's default minutes, run in this process so no project
    /// is regenerated and rebuilt (the machine has 2 cores shared with the load tools).
    /// </summary>
    private sealed class ShortConfig : ManualConfig
    {
        public ShortConfig() =>
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
    }
}
