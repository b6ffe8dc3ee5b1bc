using System.Net;
using Telephony.Sip.Auth;

namespace Telephony.Sip.Registrar;

public sealed class SipRegistrarOptions
{
    /// <summary>Digest realm the agents' credentials belong to.</summary>
    public string Realm { get; set; } = "telephony";

    /// <summary>
    /// HMAC key of the server nonces (at least 16 bytes). Give every node the same secret so a nonce issued by
    /// one node is accepted by another; null draws a random one (a single node only).
    /// </summary>
    public byte[]? NonceSecret { get; set; }

    /// <summary>How long a nonce is good for; past it the client is challenged with stale=true.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Challenges offered, one WWW-Authenticate each, preferred first (RFC 8760 §2.4). Only MD5 by default:
    /// deployed phones (Debian's baresip 1.0 / libre among them) fail the whole registration when any challenge
    /// names an algorithm they lack instead of skipping it. Use [Sha256, Md5] for a fleet that copes.
    /// Answers with either algorithm are verified whatever is offered.
    /// </summary>
    public IReadOnlyList<DigestAlgorithm> DigestAlgorithms { get; set; } = [DigestAlgorithm.Md5];

    /// <summary>Nonces remembered for replay (nc) checks; the oldest are dropped past this.</summary>
    public int MaxTrackedNonces { get; set; } = 10_000;

    /// <summary>Shorter registrations get 423 Interval Too Brief with Min-Expires.</summary>
    public TimeSpan MinExpires { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longer registrations are shortened to this.</summary>
    public TimeSpan MaxExpires { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Used when the request has neither an expires parameter nor an Expires header.</summary>
    public TimeSpan DefaultExpires { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Contacts one address-of-record may hold; more are refused (403).</summary>
    public int MaxBindingsPerAor { get; set; } = 10;

    /// <summary>
    /// Addresses of the SIP proxies in front of the registrar (Kamailio): a REGISTER they relay keeps its Path header
    /// (RFC 3327), and calls to the phone go to the path's first hop. From any other source a Path is ignored (and
    /// logged): the binding keeps the REGISTER's flow, as without a proxy.
    /// </summary>
    public IReadOnlyCollection<IPAddress> TrustedProxies { get; set; } = [];

    /// <summary>Hosts accepted in the To URI (case-insensitive); empty accepts any host.</summary>
    public IReadOnlyCollection<string> Domains { get; set; } = [];
}
