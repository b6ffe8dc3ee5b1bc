namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>sipp scenarios written by the tests themselves, shared by the classes that need them.</summary>
internal static class SippScenarios
{
    /// <summary>One INVITE and nothing after it: the 200 OK is never acknowledged, as a flood or a caller gone at once does.</summary>
    public const string InviteNeverAcknowledged = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="INVITE never acknowledged">
          <send>
            <![CDATA[

              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:flood@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:flood@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=- 1 1 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 8
              a=rtpmap:8 PCMA/8000

            ]]>
          </send>
        </scenario>
        """;
}
