namespace Telephony.Storage;

/// <summary>Which node wrote a call's row, so that the rows a dead node left open can be found and closed.</summary>
/// <param name="Id">The node's stable name (<c>Node:Id</c>): the same across restarts of the node.</param>
/// <param name="Instance">This run of the node (its silo address with its generation): a new one at every start.</param>
public sealed record NodeIdentity(string Id, string Instance);
