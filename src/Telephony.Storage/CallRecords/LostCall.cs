namespace Telephony.Storage;

/// <summary>A call whose row was left open by a node that died, now closed as <c>dropped</c> with reason <c>node_lost</c>.</summary>
public sealed record LostCall(string CallId, string Network, string Line);
