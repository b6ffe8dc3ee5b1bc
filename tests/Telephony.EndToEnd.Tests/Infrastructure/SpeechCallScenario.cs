using System.Globalization;
using System.Text;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A caller who talks to the IVR: sipp calls a line (PCMA), streams recorded utterances as 8 kHz RTP at given moments
/// (its rtp_stream, each file once), may press keys by SIP INFO, then hangs up. Utterances are French sentences spoken
/// by espeak-ng and made telephone audio by sox (<see cref="WriteUtteranceAsync"/>).
/// </summary>
public static class SpeechCallScenario
{
    /// <summary>
    /// Writes <paramref name="text"/> as an A-law 8 kHz WAV: 1 s of faint line noise (the voice detector learns the
    /// line's floor), the sentence, then 1.2 s of the same noise so the end of speech is heard before the stream stops.
    /// </summary>
    public static async Task<string> WriteUtteranceAsync(string text)
    {
        var directory = TestTemp.NewDirectory("utterance");
        var spoken = Path.Combine(directory, "spoken.wav");
        var espeak = await ExternalProcess.RunAsync("espeak-ng", ["-v", "fr", "-s", "150", "-w", spoken, "--", text], TimeSpan.FromSeconds(20));
        if (espeak.ExitCode != 0)
        {
            throw new InvalidOperationException($"espeak-ng failed: {espeak.Output}");
        }

        string[] alaw = ["-r", "8000", "-c", "1", "-e", "a-law", "-b", "8"];
        var before = Path.Combine(directory, "before.wav");
        var voice = Path.Combine(directory, "voice.wav");
        var after = Path.Combine(directory, "after.wav");
        var utterance = Path.Combine(directory, "utterance.wav");
        await SoxAsync(["-n", .. alaw, before, "synth", "1", "pinknoise", "vol", "0.005"]);
        await SoxAsync(["--no-dither", spoken, .. alaw, voice]);
        await SoxAsync(["-n", .. alaw, after, "synth", "1.2", "pinknoise", "vol", "0.005"]);
        await SoxAsync([before, voice, after, utterance]);
        return utterance;
    }

    /// <summary>Writes the scenario: each turn after its delay (since the previous turn's start; the first: since the answer).</summary>
    public static string Write(IReadOnlyList<CallerTurn> turns, TimeSpan holdAfterLastTurn, string callerNumber = "0612345678")
    {
        var body = new StringBuilder();
        var cseq = 2;
        var address = new InDialogAddress("sip:[service]@[remote_ip]:[remote_port]", Route: "", callerNumber);
        foreach (var turn in turns)
        {
            body.Append(CultureInfo.InvariantCulture, $"  <pause milliseconds=\"{(int)turn.After.TotalMilliseconds}\"/>\n");
            body.Append(turn.Utterance is { } file
                ? $"  <nop><action><exec rtp_stream=\"{file},1,8\"/></action></nop>\n"
                : DtmfCallScenario.InfoRequest(turn.Key!.Value, cseq++, address));
        }

        var xml = $$"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <!DOCTYPE scenario SYSTEM "sipp.dtd">
            <scenario name="Caller speaking to the IVR">
              <send retrans="500">
                <![CDATA[

                  INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: <sip:{{callerNumber}}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>
                  Call-ID: [call_id]
                  CSeq: 1 INVITE
                  Contact: <sip:sipp@[local_ip]:[local_port]>
                  Max-Forwards: 70
                  Content-Type: application/sdp
                  Content-Length: [len]

                  v=0
                  o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
                  s=-
                  c=IN IP[media_ip_type] [media_ip]
                  t=0 0
                  m=audio [auto_media_port] RTP/AVP 8
                  a=rtpmap:8 PCMA/8000

                ]]>
              </send>
              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="200" rtd="true"/>
              <send>
                <![CDATA[

                  ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: <sip:{{callerNumber}}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 1 ACK
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>
            {{body}}  <pause milliseconds="{{(int)holdAfterLastTurn.TotalMilliseconds}}"/>
            {{DtmfCallScenario.SendBye(cseq, address)}}
            </scenario>
            """;
        var path = Path.Combine(TestTemp.NewDirectory("sipp-scenario"), "speech.xml");
        File.WriteAllText(path, xml);
        return path;
    }

    private static async Task SoxAsync(string[] arguments)
    {
        var sox = await ExternalProcess.RunAsync("sox", arguments, TimeSpan.FromSeconds(20));
        if (sox.ExitCode != 0)
        {
            throw new InvalidOperationException($"sox {string.Join(' ', arguments)} failed: {sox.Output}");
        }
    }
}

/// <summary>What the caller does next, <paramref name="After"/> the previous turn began: say a recorded utterance, or press a key.</summary>
public sealed record CallerTurn(TimeSpan After, string? Utterance = null, char? Key = null)
{
    public static CallerTurn Say(string wavFile, TimeSpan after) => new(after, Utterance: wavFile);

    public static CallerTurn Press(char key, TimeSpan after) => new(after, Key: key);
}
