using System.Globalization;
using System.Text;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Writes a sipp scenario that calls a line, presses keys as RFC 4733 events at given moments (using the
/// telephone-event captures Debian's sip-tester ships), waits, and hangs up: a citizen going through menus.
/// </summary>
public static class DtmfCallScenario
{
    /// <param name="keys">Each key with the delay since the previous key (the first: since the call was answered).</param>
    /// <param name="holdAfterLastKey">How long the caller stays on the line after the last key (e.g. waiting in the queue).</param>
    public static string Write(IReadOnlyList<(char Key, TimeSpan After)> keys, TimeSpan holdAfterLastKey)
    {
        var presses = new StringBuilder();
        foreach (var (key, after) in keys)
        {
            presses.Append(CultureInfo.InvariantCulture, $"""
                  <pause milliseconds="{(int)after.TotalMilliseconds}"/>
                  <nop><action><exec play_pcap_audio="pcap/{PcapOf(key)}"/></action></nop>

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
                  From: <sip:0612345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
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
              <recv response="200" rtd="true"/>
              <send>
                <![CDATA[

                  ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: <sip:0612345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 1 ACK
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>
            {{presses}}  <pause milliseconds="{{(int)holdAfterLastKey.TotalMilliseconds}}"/>
              <send retrans="500">
                <![CDATA[

                  BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: <sip:0612345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 2 BYE
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>
              <recv response="200"/>
            </scenario>
            """;
        var path = Path.Combine(Directory.CreateTempSubdirectory("sipp-scenario-").FullName, "keys.xml");
        File.WriteAllText(path, xml);
        return path;
    }

    private static string PcapOf(char key) => key switch
    {
        >= '0' and <= '9' => $"dtmf_2833_{key}.pcap",
        '*' => "dtmf_2833_star.pcap",
        '#' => "dtmf_2833_pound.pcap",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a telephone key."),
    };
}
