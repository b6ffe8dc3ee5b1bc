namespace Telephony.Ivr.Tests;

/// <summary>The repository's scripts, loaded once as the server loads them (WAVs required).</summary>
internal static class ShippedScripts
{
    public static IvrScriptSet Set { get; } = IvrScriptSet.LoadDirectory(RepoPaths.IvrScripts);

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
