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

    /// <summary>Hosts accepted in the To URI (case-insensitive); empty accepts any host.</summary>
    public IReadOnlyCollection<string> Domains { get; set; } = [];
}
