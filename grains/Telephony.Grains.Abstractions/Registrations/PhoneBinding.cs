namespace Telephony.Grains.Abstractions;

/// <summary>
/// A registered contact of an agent's phone as the cluster shares it: what another node needs to ring the phone
/// without the flow the REGISTER came on, which only <see cref="Node"/> has.
/// </summary>
/// <param name="Node">The node whose registrar answered the REGISTER (its silo address).</param>
/// <param name="Contact">The Contact URI: the Request-URI of calls to the phone.</param>
/// <param name="Path">The proxies' Path (RFC 3327), first hop first; empty when the phone registered straight to the node.</param>
/// <param name="ReceivedFrom">Where the REGISTER came from (<c>address:port</c>): the phone, or the proxy that relayed it.</param>
/// <param name="Transport"><c>Udp</c> or <c>Tcp</c>, as the REGISTER came.</param>
/// <param name="ExpiresAt">When the registration lapses unless the phone refreshes it.</param>
[GenerateSerializer, Immutable]
public sealed record PhoneBinding(
    [property: Id(0)] string Node,
    [property: Id(1)] string Contact,
    [property: Id(2)] IReadOnlyList<string> Path,
    [property: Id(3)] string ReceivedFrom,
    [property: Id(4)] string Transport,
    [property: Id(5)] DateTimeOffset ExpiresAt)
{
    // A record compares lists by reference; two bindings with the same path are the same binding.
    public bool Equals(PhoneBinding? other) =>
        other is not null && Node == other.Node && Contact == other.Contact && Path.SequenceEqual(other.Path)
        && ReceivedFrom == other.ReceivedFrom && Transport == other.Transport && ExpiresAt == other.ExpiresAt;

    public override int GetHashCode() => HashCode.Combine(Node, Contact, Path.Count, ReceivedFrom, Transport, ExpiresAt);
}
