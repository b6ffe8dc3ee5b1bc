namespace Telephony.Calls.Agents;

/// <summary>
/// This node's name in the cluster (its silo address): what it signs the phone bindings it publishes with, so that
/// another node knows a binding is not its own and must be rung through the binding's path or address.
/// </summary>
public sealed record ClusterNode(string Id);
