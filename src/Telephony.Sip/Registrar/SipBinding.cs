using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Registrar;

/// <summary>
/// One registered contact of an address-of-record. <see cref="Flow"/> is where the REGISTER really came from
/// (source address, transport and, over TCP, the connection): behind NAT, requests to the agent go there, not to
/// the Contact host; <c>new OutgoingCallRequest(binding, offer)</c> places a call that way. A REGISTER relayed by a
/// trusted proxy keeps the proxy's <see cref="Path"/> (RFC 3327): calls then go to the path's first hop, which knows
/// the phone's flow, and never straight to the phone.
/// </summary>
public sealed record SipBinding(string Aor, SipUri ContactUri, SipFlow Flow, DateTimeOffset ExpiresAt, string CallId, uint CSeq)
{
    /// <summary>The REGISTER's Path values in order (each a name-addr with its URI), empty when none was kept.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>The source address of the REGISTER (the phone's public address behind NAT).</summary>
    public IPEndPoint ReceivedFrom => Flow.Remote;

    public SipTransportKind Transport => Flow.Kind;
}

/// <summary>The bindings of an AOR after a change (registration, refresh, removal or expiry).</summary>
public sealed class SipBindingsChangedEventArgs(string aor, IReadOnlyList<SipBinding> bindings) : EventArgs
{
    public string Aor { get; } = aor;

    /// <summary>Current bindings; empty when the AOR is no longer registered.</summary>
    public IReadOnlyList<SipBinding> Bindings { get; } = bindings;
}

/// <summary>What the rest of the server needs from the registrar: where an agent's phone can be reached.</summary>
public interface ISipRegistrar
{
    /// <summary>Unexpired bindings of an AOR ("sip:agent1@example.org"; scheme sips and host case are normalized).</summary>
    IReadOnlyList<SipBinding> Lookup(string aor);

    /// <summary>Unexpired bindings of every AOR of this user (agents are known by their authenticated username).</summary>
    IReadOnlyList<SipBinding> LookupUser(string user);

    /// <summary>Raised after the bindings of an AOR changed, outside any lock.</summary>
    event EventHandler<SipBindingsChangedEventArgs>? BindingsChanged;
}
