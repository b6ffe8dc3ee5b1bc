using Orleans.Concurrency;

namespace Telephony.Grains.Abstractions;

/// <summary>
/// Where one agent's phone is registered across the cluster, keyed by the agent's SIP username. Each node's registrar
/// answers the REGISTERs it receives and keeps their flows (which only that node can use); after every change it
/// publishes its bindings of the username here, so that any node can ring the phone: through the binding's path when
/// a proxy relayed the REGISTER (Kamailio in front, RFC 3327), otherwise at the address the REGISTER came from.
/// Persisted, so a phone stays reachable when this grain's silo dies. The grain tells the agent's grain whether any
/// binding is left anywhere (an agent is offered calls only while its phone is registered), and drops the bindings
/// that expire, those of a node that died included, within a minute.
/// </summary>
public interface IPhoneRegistrationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Replaces what <paramref name="node"/> holds for this username with <paramref name="bindings"/> (empty: none left
    /// there), tells agent <paramref name="agentId"/>'s grain whether the phone is registered on any node, and returns
    /// every node's unexpired bindings.
    /// </summary>
    Task<IReadOnlyList<PhoneBinding>> Publish(string agentId, string node, IReadOnlyList<PhoneBinding> bindings);

    /// <summary>Every node's unexpired bindings, the latest to expire first.</summary>
    Task<IReadOnlyList<PhoneBinding>> GetBindings();

    /// <summary>
    /// Whether any node holds an unexpired binding, changing nothing. Interleaved: the agent's grain asks it when it
    /// activates, possibly while this grain is itself waiting on the agent's grain (Publish tells the agent).
    /// </summary>
    [AlwaysInterleave]
    Task<bool> IsRegistered();
}
