using System.Net;
using Telephony.Sip.Protection;

namespace Telephony.Sip;

public sealed class SipEndpointOptions
{
    /// <summary>Address to bind UDP and TCP on; Any / IPv6Any (dual-mode) listen everywhere.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    /// <summary>UDP and TCP port; 0 picks an ephemeral port (tests) reported by the endpoint.</summary>
    public int Port { get; set; } = 5060;

    /// <summary>Largest accepted message; larger UDP requests get 513, larger TCP frames close the connection.</summary>
    public int MaxMessageBytes { get; set; } = 65536;

    /// <summary>RTT estimate (RFC 3261 §17.1.1.1).</summary>
    public TimeSpan T1 { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum retransmission interval for non-INVITE requests and INVITE responses.</summary>
    public TimeSpan T2 { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum time a message stays in the network.</summary>
    public TimeSpan T4 { get; set; } = TimeSpan.FromSeconds(5);

    public string UserAgent { get; set; } = "Telephony";

    public int MaxTcpConnections { get; set; } = 1024;

    /// <summary>
    /// Path MTU towards the peers we call, when the operator knows it (e.g. a trunk over a VPN); null: unknown, and
    /// requests over 1300 bytes go over TCP. With a value, requests within 200 bytes of it do (RFC 3261 §18.1.1).
    /// </summary>
    public int? PathMtu { get; set; }

    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Per-source limits and bans (see <see cref="SipProtectionOptions"/>); null: none, the library's default for
    /// embedding and tests. The server always sets them (<c>Sip:Protection</c>).
    /// </summary>
    public SipProtectionOptions? Protection { get; set; }
}
