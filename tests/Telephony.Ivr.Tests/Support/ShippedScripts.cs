namespace Telephony.Ivr.Tests;

/// <summary>The repository's scripts, loaded once as the server loads them (WAVs required).</summary>
internal static class ShippedScripts
{
    public static IvrScriptSet Set { get; } = IvrScriptSet.LoadDirectory(RepoPaths.IvrScripts);

    /// <summary>
    /// What CNAV's key 1 asks the host: join cnav.retraite, announcing position and wait, with the callback offer at
    /// the queue's maximum wait and the saturated goodbye when its overflow refuses the call (queues.yaml).
    /// </summary>
    public static JoinQueue CnavRetraite { get; } = new("cnav.retraite", 0)
    {
        AnnouncePosition = true,
        AnnounceWait = true,
        HandlesMaxWait = true,
        HandlesFull = true,
    };

    /// <summary>A join of a shipped queue node without announcements: every shipped queue has a max-wait and ends its overflow chain on a limit.</summary>
    public static JoinQueue Quiet(string queueId, int priority) => new(queueId, priority) { HandlesMaxWait = true, HandlesFull = true };

    public static IvrScript Get(string name) => Set.FindByName(name) ?? throw new InvalidOperationException($"no script {name}");

    /// <summary>Feeds prompt ends until the session waits for the caller (an input timer) or is finished.</summary>
    public static List<IvrAction> PlayUntilInput(IvrSession session, IReadOnlyList<IvrAction> actions)
    {
        var all = new List<IvrAction>(actions);
        var current = actions;
        while (current.LastOrDefault() is PlayPrompt play)
        {
            current = session.Handle(new PromptFinished(play.PromptId));
            all.AddRange(current);
        }

        return all;
    }
}
