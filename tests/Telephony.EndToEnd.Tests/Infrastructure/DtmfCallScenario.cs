using System.Globalization;
using System.Text;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Writes a sipp scenario that calls a line, presses keys at given moments — as RFC 4733 events (using the
/// telephone-event captures Debian's sip-tester ships) or as SIP INFO — then either hangs up or waits for the
/// service to hang up: a citizen going through menus.
/// </summary>
public static class DtmfCallScenario
{
    /// <param name="keys">Each key with the delay since the previous key (the first: since the call was answered).</param>
    /// <param name="holdAfterLastKey">How long the caller stays on the line after the last key (e.g. waiting in the queue).</param>
    /// <param name="serviceHangsUp">The caller waits for the service's BYE (up to <paramref name="byeWithin"/>, 20 s by default) instead of hanging up.</param>
    /// <param name="voice">
    /// The caller's voice: an 8 kHz A-law WAV looped from the moment the call is up (then keys go as SIP INFO: the
    /// RTP stream is the voice's).
    /// </param>
    /// <param name="callerNumber">The number the caller presents (one number may wait on a line only once at a time).</param>
    /// <param name="throughProxy">
    /// The call goes through a proxy that record-routes (Kamailio): the caller keeps the 200's Record-Route and sends its
    /// ACK, INFO and BYE to the service's Contact along that route (RFC 3261 §12.2.1.1).
    /// </param>
    public static string Write(
        IReadOnlyList<KeyPress> keys, TimeSpan holdAfterLastKey, bool serviceHangsUp = false, string? voice = null, TimeSpan? byeWithin = null,
        bool throughProxy = false,
        string callerNumber = "0612345678")
    {
        var target = throughProxy ? "[next_url]" : "sip:[service]@[remote_ip]:[remote_port]";
        var route = throughProxy ? "[routes]\n      " : "";
        var presses = new StringBuilder();
        var cseq = 2;
        foreach (var press in keys)
        {
            presses.Append(CultureInfo.InvariantCulture, $"""
                  <pause milliseconds="{(int)press.After.TotalMilliseconds}"/>

                """);
            presses.Append(press.ViaSipInfo ? InfoRequest(press.Key, cseq++, new InDialogAddress(target, route, callerNumber)) : $"""
                  <nop><action><exec play_pcap_audio="pcap/{PcapOf(press.Key)}"/></action></nop>

                """);
        }

        var xml = $$"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <!DOCTYPE scenario SYSTEM "sipp.dtd">
            <scenario name="Caller pressing keys">
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
                  m=audio [auto_media_port] RTP/AVP 8 101
                  a=rtpmap:8 PCMA/8000
                  a=rtpmap:101 telephone-event/8000
                  a=fmtp:101 0-15

                ]]>
              </send>
              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="200" rtd="true"{{(throughProxy ? " rrs=\"true\"" : "")}}/>
              <send>
                <![CDATA[

                  ACK {{target}} SIP/2.0
                  {{route}}Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: <sip:{{callerNumber}}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 1 ACK
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>
            {{(voice is null ? "" : $"  <nop><action><exec rtp_stream=\"{voice},-1,8\"/></action></nop>\n")}}{{presses}}{{Hold(holdAfterLastKey)}}
            {{(serviceHangsUp ? AnswerBye((int)(byeWithin ?? TimeSpan.FromSeconds(20)).TotalMilliseconds) : SendBye(cseq, new InDialogAddress(target, route, callerNumber)))}}
            </scenario>
            """;
        var path = Path.Combine(TestTemp.NewDirectory("sipp-scenario"), "keys.xml");
        File.WriteAllText(path, xml);
        return path;
    }

    private static string AnswerBye(int timeoutMs) => $$"""
          <recv request="BYE" timeout="{{timeoutMs}}"/>
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

    /// <summary>
    /// No pause at all for none: sipp takes a message that arrives during a pause, even of 0 ms, as unexpected, and a
    /// service that hangs up at the last key (a survey without thanks) sends its BYE right then.
    /// </summary>
    private static string Hold(TimeSpan hold) => hold > TimeSpan.Zero ? $"  <pause milliseconds=\"{(int)hold.TotalMilliseconds}\"/>" : string.Empty;

    internal static string SendBye(int cseq, InDialogAddress address) =>
        InDialog("BYE", cseq, "Content-Length: 0", "", address) + "  <recv response=\"200\"/>\n";

    internal static string InfoRequest(char key, int cseq, InDialogAddress address) =>
        InDialog("INFO", cseq, "Content-Type: application/dtmf-relay\n      Content-Length: [len]", $"Signal={key}\n      Duration=160\n", address)
        + "  <recv response=\"200\"/>\n";

    private static string InDialog(string method, int cseq, string contentHeaders, string body, InDialogAddress address) => $"""
          <send retrans="500">
            <![CDATA[

              {method} {address.Target} SIP/2.0
              {address.Route}Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:{address.CallerNumber}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: {cseq} {method}
              Max-Forwards: 70
              {contentHeaders}

              {body}
            ]]>
          </send>

        """;

    private static string PcapOf(char key) => key switch
    {
        >= '0' and <= '9' => $"dtmf_2833_{key}.pcap",
        '*' => "dtmf_2833_star.pcap",
        '#' => "dtmf_2833_pound.pcap",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a telephone key."),
    };
}

/// <summary>A key the caller presses, <paramref name="After"/> the previous one.</summary>
/// <param name="ViaSipInfo">Sent as SIP INFO (application/dtmf-relay) rather than as an RFC 4733 event.</param>
public sealed record KeyPress(char Key, TimeSpan After, bool ViaSipInfo = false);

/// <summary>Where the caller's in-dialog requests go (Request-URI, route lines) and the number they come from.</summary>
internal sealed record InDialogAddress(string Target, string Route, string CallerNumber);
