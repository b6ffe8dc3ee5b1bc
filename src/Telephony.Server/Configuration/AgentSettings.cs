
namespace Telephony.Server.Configuration;

/// <summary>The <c>Agents</c> configuration section: agent phones that register with digest authentication.</summary>
public sealed class AgentSettings
{
    public const string SectionName = "Agents";

    /// <summary>Digest realm of agent credentials.</summary>
    public string Realm { get; set; } = "telephony";

    /// <summary>
    /// Secret that signs registration nonces, at least 16 characters, identical on every node so that a phone may
    /// answer a challenge to any of them. Empty: a random secret per start (fine for one node).
    /// </summary>
    public string? NonceSecret { get; set; }

    /// <summary>Also offer SHA-256 challenges (RFC 8760). Off by default: some phones (baresip 1.0) fail on them.</summary>
    public bool OfferSha256 { get; set; }

    public List<AgentAccount> Accounts { get; set; } = [];
}

/// <summary>One agent phone's credentials. With no account configured, every REGISTER is refused.</summary>
public sealed class AgentAccount
{
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";
}
