using System.Net;
using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Registrar;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Uac;

/// <summary>
/// An outbound call: whom to call (<see cref="Target"/>, the Request-URI and To) and where to send it
/// (<see cref="Destination"/>, already resolved: the stack does no DNS). The stack never relays: it only
/// places calls its own application asks for.
/// </summary>
public sealed class OutgoingCallRequest
{
    public OutgoingCallRequest(SipUri target, IPEndPoint destination, ReadOnlyMemory<byte> sdpOffer)
    {
        Target = target ?? throw new ArgumentNullException(nameof(target));
        Destination = destination ?? throw new ArgumentNullException(nameof(destination));
        if (!target.IsSip)
        {
            throw new ArgumentException("Only sip: and sips: targets can be called.", nameof(target));
        }

        SdpOffer = sdpOffer;
    }

    /// <summary>
    /// A call to a registered phone: the Request-URI is the binding's Contact, and every request of the call goes
    /// over the flow its REGISTER came on (<see cref="PinnedFlow"/>): behind NAT the Contact's host is a private
    /// address, only the registration's source address (and, over TCP, its connection) reaches the phone. A binding
    /// with a Path (relayed by a proxy, RFC 3327) is called through that path instead: the INVITE carries it as its
    /// route set and goes to its first hop, the proxy that holds the phone's flow.
    /// </summary>
    public OutgoingCallRequest(SipBinding binding, ReadOnlyMemory<byte> sdpOffer)
        : this((binding ?? throw new ArgumentNullException(nameof(binding))).ContactUri, FirstHopOf(binding), sdpOffer)
    {
        if (binding.Path.Count > 0)
        {
            RouteSet = binding.Path;
            Transport = RouteHop.TryResolve(binding.Path[0])?.Transport ?? binding.Transport;
            return;
        }

        Transport = binding.Transport;
        PinnedFlow = binding.Flow;
    }

    /// <summary>
    /// A call through a proxy's path to a phone registered elsewhere (another node of the cluster): the INVITE goes
    /// to the first hop of <paramref name="path"/> with the path as its route set (RFC 3327 §5.4).
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or its first hop is not an IP literal (no DNS here).</exception>
    public OutgoingCallRequest(SipUri contact, IReadOnlyList<string> path, ReadOnlyMemory<byte> sdpOffer)
        : this(contact, FirstHopOf(path).EndPoint, sdpOffer)
    {
        RouteSet = path;
        Transport = FirstHopOf(path).Transport;
    }

    private static (IPEndPoint EndPoint, SipTransportKind Transport) FirstHopOf(IReadOnlyList<string> path) =>
        (path ?? throw new ArgumentNullException(nameof(path))).Count > 0 && RouteHop.TryResolve(path[0]) is { } hop
            ? hop
            : throw new ArgumentException("The path's first hop must be a SIP URI with an IP address.", nameof(path));

    // The path's first hop when it names an address, else where the REGISTER came from (the proxy that relayed it).
    private static IPEndPoint FirstHopOf(SipBinding binding) =>
        binding.Path.Count > 0 && RouteHop.TryResolve(binding.Path[0]) is { } hop ? hop.EndPoint : binding.ReceivedFrom;

    public SipUri Target { get; }

    public IPEndPoint Destination { get; }

    /// <summary>SDP offer sent in the INVITE (build its c= line with <see cref="SipEndpoint.GetLocalAddressFor"/>).</summary>
    public ReadOnlyMemory<byte> SdpOffer { get; }

    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;

    /// <summary>
    /// The flow the INVITE, CANCEL, ACK and every request of the dialog take, whatever the far end's Contact or
    /// Record-Route name (RFC 5626 style); null: the INVITE goes to <see cref="Destination"/> and the dialog's
    /// requests follow its route set and remote target (RFC 3261 §12.2.1.1).
    /// </summary>
    public SipFlow? PinnedFlow { get; }

    /// <summary>
    /// Route header values of the INVITE, in order (a pre-loaded route set, RFC 3261 §8.1.2): the first names the
    /// proxy the INVITE is sent to (<see cref="Destination"/>). The dialog's own route set then comes from the 2xx's
    /// Record-Route, as always.
    /// </summary>
    public IReadOnlyList<string> RouteSet { get; init; } = [];

    /// <summary>
    /// Send an INVITE too large for UDP (over 1300 bytes, or within 200 bytes of <see cref="PathMtu"/>) over TCP,
    /// falling back to UDP if the peer refuses TCP (RFC 3261 §18.1.1). On by default.
    /// </summary>
    public bool UpgradeLargeRequestsToTcp { get; init; } = true;

    /// <summary>The path MTU to this destination when known; null: the endpoint's <see cref="SipEndpointOptions.PathMtu"/>.</summary>
    public int? PathMtu { get; init; }

    /// <summary>User part of our From/Contact URI (e.g. the line's number); "anonymous" when null.</summary>
    public string? FromUser { get; init; }

    public string? FromDisplayName { get; init; }

    /// <summary>Host of the From URI; our local address when null.</summary>
    public string? FromHost { get; init; }

    /// <summary>Answers a 401/407 once; null means a challenge ends the attempt.</summary>
    public SipClientCredentials? Credentials { get; init; }

    /// <summary>The call is cancelled when not answered within this time.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Extra header lines for the INVITE (e.g. P-Asserted-Identity for a trunk).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraHeaders { get; init; } = [];

    /// <summary>Provisional responses (100 Trying, 180 Ringing, 183 Session Progress) as they arrive.</summary>
    public IProgress<OutgoingCallProgress>? Progress { get; init; }
}

/// <summary>A provisional response: status, reason and the early SDP if any (183).</summary>
public sealed record OutgoingCallProgress(int StatusCode, string ReasonPhrase, ReadOnlyMemory<byte> EarlySdp);

public enum OutgoingCallOutcome
{
    /// <summary>2xx received and acknowledged: the dialog is up.</summary>
    Answered,

    /// <summary>A 3xx-6xx final response (see StatusCode and ReasonPhrase), including an unanswerable 401/407.</summary>
    Rejected,

    /// <summary>The caller's token was cancelled before answer: CANCEL was sent.</summary>
    Cancelled,

    /// <summary>Nobody answered within RingTimeout: CANCEL was sent.</summary>
    NoAnswer,

    /// <summary>No response at all (Timer B), or no final response after CANCEL.</summary>
    Timeout,

    /// <summary>The INVITE could not be sent.</summary>
    TransportError,
}
