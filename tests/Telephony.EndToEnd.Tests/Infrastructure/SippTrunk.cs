using System.Globalization;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>What the citizen behind the trunk does with each callback call.</summary>
public enum CitizenBehaviour
{
    /// <summary>Rings, answers, speaks a tone for a few seconds and hangs up.</summary>
    Answers,

    /// <summary>486 Busy Here.</summary>
    Busy,

    /// <summary>Rings until the service gives up (CANCEL): ringing past the voicemail-length limit.</summary>
    NeverAnswers,

    /// <summary>Rings, answers, speaks a tone and stays on the line until the service hangs up (the agent ended the call).</summary>
    AnswersAndWaits,
}

/// <summary>
/// The operator's trunk, played by sipp as a UAS with the citizen's phone behind it, requiring digest authentication
/// as a real trunk does (401, then the retried INVITE's credentials checked). One process per expected call, on a fixed
/// port: start the next one when the previous has taken its call (<see cref="WaitAsync"/>).
/// </summary>
public sealed class SippTrunk : IAsyncDisposable
{
    public const string Username = "telephony-trunk";
    public const string Password = "trunk-secret-0123";
    public const string Realm = "trunk.test";

    private readonly ExternalProcess _sipp;
    private readonly string _directory;

    private SippTrunk(ExternalProcess sipp, string directory)
    {
        _sipp = sipp;
        _directory = directory;
    }

    public string Output => _sipp.Output;

    /// <summary>Every SIP message the trunk sent and received.</summary>
    public string Messages => string.Join("\n", Directory.Exists(_directory) ? Directory.GetFiles(_directory, "*_messages.log").Select(File.ReadAllText) : []);

    /// <summary>The server's trunk settings for a trunk listening on <paramref name="port"/>.</summary>
    public static Dictionary<string, string> Settings(int port) => new()
    {
        ["Trunk:Address"] = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        ["Trunk:Username"] = Username,
        ["Trunk:Password"] = Password,
    };

    /// <param name="calls">How many calls this process takes before it exits.</param>
    public static async Task<SippTrunk> StartAsync(int port, CitizenBehaviour behaviour, TimeSpan? answerAfter = null, int calls = 1, TimeSpan? talk = null)
    {
        var directory = TestTemp.NewDirectory("trunk");
        var tone = await Tones.WriteAsync(700, muLaw: false);
        var final = behaviour switch
        {
            CitizenBehaviour.Busy => Busy,
            CitizenBehaviour.NeverAnswers => Rings,
            _ => (behaviour == CitizenBehaviour.AnswersAndWaits ? AnswerAndWait : Answer)
                .Replace("{{ANSWER_MS}}", Milliseconds(answerAfter ?? TimeSpan.FromMilliseconds(500)), StringComparison.Ordinal)
                .Replace("{{TALK_MS}}", Milliseconds(talk ?? TimeSpan.FromSeconds(3)), StringComparison.Ordinal),
        };
        var eregs = behaviour switch
        {
            // The citizen's BYE goes to the server's Contact, From and To swapped (RFC 3261 §12.2.1.1).
            CitizenBehaviour.Answers => """
                <ereg regexp="sip:[^>;]+" search_in="hdr" header="Contact:" check_it="true" assign_to="remote_contact" />
                <ereg regexp=".+" search_in="hdr" header="From:" check_it="true" assign_to="server_from" />
                <ereg regexp=".+" search_in="hdr" header="To:" check_it="true" assign_to="citizen_to" />
                """,
            // The 487 after the CANCEL carries the INVITE's CSeq.
            CitizenBehaviour.NeverAnswers => """<ereg regexp="([0-9]+)" search_in="hdr" header="CSeq:" check_it="true" assign_to="invite_cseq" />""",
            _ => "",
        };
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", "trunk_citizen.xml"))
            .Replace("{{EREGS}}", eregs, StringComparison.Ordinal)
            .Replace("{{FINAL}}", final, StringComparison.Ordinal)
            .Replace("{{USER}}", Username, StringComparison.Ordinal)
            .Replace("{{PASSWORD}}", Password, StringComparison.Ordinal)
            .Replace("{{REALM}}", Realm, StringComparison.Ordinal)
            .Replace("{{TONE}}", tone, StringComparison.Ordinal);
        var scenario = Path.Combine(directory, "trunk_citizen.xml");
        await File.WriteAllTextAsync(scenario, text);
        string[] arguments =
        [
            "-sf", scenario,
            "-i", "127.0.0.1", "-mi", "127.0.0.1",
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-mp", Sipp.NextMediaPort().ToString(CultureInfo.InvariantCulture),
            "-m", calls.ToString(CultureInfo.InvariantCulture), "-nostdin",
            "-trace_err", "-trace_msg",
        ];
        return new SippTrunk(ExternalProcess.Start(Sipp.Executable, arguments, directory), directory);
    }

    /// <summary>Waits until the process has taken its calls and exited (false: still running after <paramref name="within"/>).</summary>
    public Task<bool> WaitAsync(TimeSpan within) => _sipp.WaitForExitAsync(within);

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _sipp.StopAsync(TimeSpan.FromSeconds(2));
        await _sipp.DisposeAsync();
    }

    /// <summary>Rings, then answers with PCMA and takes the ACK.</summary>
    private const string Answering = """
        <send>
          <![CDATA[

            SIP/2.0 180 Ringing
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Contact: <sip:citizen@[local_ip]:[local_port]>
            Content-Length: 0

          ]]>
        </send>
        <pause milliseconds="{{ANSWER_MS}}" />
        <send retrans="500">
          <![CDATA[

            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Contact: <sip:citizen@[local_ip]:[local_port]>
            Content-Type: application/sdp
            Content-Length: [len]

            v=0
            o=citizen 53655765 2353687637 IN IP[local_ip_type] [local_ip]
            s=-
            c=IN IP[media_ip_type] [media_ip]
            t=0 0
            m=audio [media_port] RTP/AVP 8 101
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=ptime:20

          ]]>
        </send>
        <recv request="ACK" crlf="true" />
        """;

    private const string Answer = Answering + "\n" + """
        <nop><action><exec rtp_stream="{{TONE}},-1,8" /></action></nop>
        <pause milliseconds="{{TALK_MS}}" />
        <send retrans="500">
          <![CDATA[

            BYE [$remote_contact] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: [$citizen_to];tag=[pid]SIPpTag01[call_number]
            To: [$server_from]
            [last_Call-ID:]
            CSeq: 1 BYE
            Contact: <sip:citizen@[local_ip]:[local_port]>
            Max-Forwards: 70
            Content-Length: 0

          ]]>
        </send>
        <recv response="200" />
        """;

    private const string AnswerAndWait = Answering + "\n" + """
        <nop><action><exec rtp_stream="{{TONE}},-1,8" /></action></nop>
        <recv request="BYE" timeout="120000" />
        <send>
          <![CDATA[

            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

          ]]>
        </send>
        """;

    private const string Busy = """
        <send>
          <![CDATA[

            SIP/2.0 486 Busy Here
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

          ]]>
        </send>
        <recv request="ACK" />
        """;

    private const string Rings = """
        <send>
          <![CDATA[

            SIP/2.0 180 Ringing
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

          ]]>
        </send>
        <recv request="CANCEL" timeout="120000" />
        <send>
          <![CDATA[

            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

          ]]>
        </send>
        <send>
          <![CDATA[

            SIP/2.0 487 Request Terminated
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            CSeq: [$invite_cseq] INVITE
            Content-Length: 0

          ]]>
        </send>
        <recv request="ACK" />
        """;
}
