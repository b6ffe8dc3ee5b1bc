using Telephony.Grains.Abstractions;
using Telephony.Sip.Registrar;

namespace Telephony.Calls.Agents;

/// <summary>
/// Where agents' phones are registered in the cluster: this node's registrar for the REGISTERs it answered, and the
/// phone registration grain (<see cref="IPhoneRegistrationGrain"/>) for those the other nodes answered.
/// </summary>
public sealed class AgentPhones(ISipRegistrar registrar, IGrainFactory grains, ClusterNode node, ILogger<AgentPhones> logger)
{
    /// <summary>This node's bindings of the user, as the cluster shares them.</summary>
    public IReadOnlyList<PhoneBinding> Local(string user) => registrar.LookupUser(user).Select(b => Share(b, node.Id)).ToList();

    /// <summary>Every node's bindings, this node's first; this node's alone when the registration grain cannot be reached.</summary>
    public async Task<IReadOnlyList<PhoneBinding>> AllAsync(string user) => [.. Local(user), .. await OthersAsync(user)];

    /// <summary>
    /// The way to ring the user's phone from here: the registration that expires last, whichever node answered it
    /// (a phone that registered again elsewhere is reached there); null when no node has it registered.
    /// </summary>
    public async Task<PhoneRoute?> FindAsync(string user)
    {
        var local = registrar.LookupUser(user).MaxBy(b => b.ExpiresAt);
        foreach (var remote in (await OthersAsync(user)).Where(b => local is null || b.ExpiresAt > local.ExpiresAt).OrderByDescending(b => b.ExpiresAt))
        {
            if (PhoneRoute.Remote(remote) is { } route)
            {
                return route;
            }

            logger.LogWarning("Agent phone {User}: the binding published by {Node} cannot be used from this node (path {Path})", user, remote.Node, string.Join(", ", remote.Path));
        }

        return local is null ? null : PhoneRoute.Local(local);
    }

    /// <summary>A binding of <paramref name="nodeId"/>'s registrar as published to the cluster.</summary>
    public static PhoneBinding Share(SipBinding binding, string nodeId) =>
        new(nodeId, binding.ContactUri.ToString(), binding.Path, binding.ReceivedFrom.ToString(), binding.Transport.ToString(), binding.ExpiresAt);

    private async Task<IReadOnlyList<PhoneBinding>> OthersAsync(string user)
    {
        try
        {
            return (await grains.GetGrain<IPhoneRegistrationGrain>(user).GetBindings()).Where(b => b.Node != node.Id).ToList();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Agent phone {User}: the cluster's registrations could not be read; only this node's are used", user);
            return [];
        }
    }
}
