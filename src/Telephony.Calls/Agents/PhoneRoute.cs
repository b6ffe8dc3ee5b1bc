using System.Net;
using Telephony.Grains.Abstractions;
using Telephony.Sip.Messages;
using Telephony.Sip.Registrar;
using Telephony.Sip.Transport;
using Telephony.Sip.Uac;

namespace Telephony.Calls.Agents;

/// <summary>
/// How this node rings an agent's phone: over the flow of a REGISTER it answered itself (as a single node always has),
/// or, for a REGISTER another node answered, through the proxy path it kept (Kamailio in front: the proxy knows the
/// phone's flow) or else at the address the REGISTER came from.
/// </summary>
public sealed class PhoneRoute
{
    private readonly Func<ReadOnlyMemory<byte>, AgentCallIdentity, OutgoingCallRequest> _request;

    private PhoneRoute(IPEndPoint nextHop, string description, Func<ReadOnlyMemory<byte>, AgentCallIdentity, OutgoingCallRequest> request)
    {
        NextHop = nextHop;
        Description = description;
        _request = request;
    }

    /// <summary>Where the INVITE goes first: what the SDP offer's address is chosen for.</summary>
    public IPEndPoint NextHop { get; }

    /// <summary>For the log: which way the phone is reached.</summary>
    public string Description { get; }

    public OutgoingCallRequest Request(ReadOnlyMemory<byte> sdpOffer, AgentCallIdentity identity) => _request(sdpOffer, identity);

    /// <summary>A binding of this node's registrar: its path when it has one, else its flow.</summary>
    public static PhoneRoute Local(SipBinding binding)
    {
        var probe = new OutgoingCallRequest(binding, ReadOnlyMemory<byte>.Empty);
        var description = binding.Path.Count > 0 ? $"through the proxy at {probe.Destination}" : $"over its registration flow {binding.Flow}";
        return new PhoneRoute(probe.Destination, description, (offer, who) => new OutgoingCallRequest(binding, offer)
        {
            FromUser = who.FromUser,
            FromDisplayName = who.DisplayName,
            RingTimeout = who.RingTimeout,
        });
    }

    /// <summary>Another node's binding; null when it cannot be used from here (a path through a host name, a bad record).</summary>
    public static PhoneRoute? Remote(PhoneBinding binding)
    {
        if (!SipUri.TryParse(binding.Contact, out var contact) || !contact!.IsSip)
        {
            return null;
        }

        if (binding.Path.Count > 0)
        {
            return RouteHop.TryResolve(binding.Path[0]) is { } hop
                ? new PhoneRoute(hop.EndPoint, $"through the proxy at {hop.EndPoint} (registered on {binding.Node})", (offer, who) => new OutgoingCallRequest(contact, binding.Path, offer)
                {
                    FromUser = who.FromUser,
                    FromDisplayName = who.DisplayName,
                    RingTimeout = who.RingTimeout,
                })
                : null;
        }

        if (!IPEndPoint.TryParse(binding.ReceivedFrom, out var address) || !Enum.TryParse<SipTransportKind>(binding.Transport, out var transport))
        {
            return null;
        }

        // No proxy in front: the phone is called from here at the address its REGISTER came from, which reaches it
        // unless a NAT only lets the registering node's packets through (put Kamailio in front of a cluster).
        return new PhoneRoute(address, $"at {address} (registered on {binding.Node})", (offer, who) => new OutgoingCallRequest(contact, address, offer)
        {
            Transport = transport,
            FromUser = who.FromUser,
            FromDisplayName = who.DisplayName,
            RingTimeout = who.RingTimeout,
        });
    }
}

/// <summary>How the agent's phone shows the call (the queue's name in words) and how long it may ring.</summary>
public sealed record AgentCallIdentity(string FromUser, string DisplayName, TimeSpan RingTimeout);
