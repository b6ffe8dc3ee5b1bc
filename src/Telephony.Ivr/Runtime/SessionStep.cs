namespace Telephony.Ivr;

/// <summary>
/// What one call of <see cref="IvrSession.Start"/> or <see cref="IvrSession.Handle"/> produces: the actions for the host,
/// and at most one move (to another node, or the end of the session) decided by the node being run.
/// </summary>
internal sealed class SessionStep
{
    private readonly List<IvrAction> _actions = [];
    private (string Node, char? TypeAhead)? _pendingMove;

    private readonly Action<string>? _addToPath;

    public SessionStep(IvrScript script, DateTimeOffset now, IvrSessionOptions options, CallMemory memory, Action<string>? addToPath = null)
    {
        _addToPath = addToPath;
        Script = script;
        Now = now;
        Options = options;
        Memory = memory;
    }

    public IvrScript Script { get; }

    public IvrSessionOptions Options { get; }

    /// <summary>The session's store of collected digits and menu choices.</summary>
    public CallMemory Memory { get; }

    /// <summary>Set when the call took the closed branch of an hours node: a hang-up from then on counts as closed.</summary>
    public bool LineClosed { get; private set; }

    public void MarkLineClosed() => LineClosed = true;

    /// <summary>The time of this step, for nodes that depend on it (opening hours).</summary>
    public DateTimeOffset Now { get; }

    public IReadOnlyList<IvrAction> Actions => _actions;

    public IvrOutcome? FinishedWith { get; private set; }

    public void Play(IvrPrompt prompt, bool bargeIn) =>
        _actions.Add(new PlayPrompt(prompt.Id, Script.PromptPath(prompt.Id), bargeIn));

    /// <summary>Plays one shared fragment (<c>prompts/common/fragments/&lt;id&gt;.wav</c>); its prompt id is the fragment id.</summary>
    public void PlayFragment(string fragmentId, bool bargeIn) =>
        _actions.Add(new PlayPrompt(fragmentId, Script.FragmentPath(fragmentId), bargeIn));

    /// <summary>Plays shared fragments one after the other (see <see cref="FragmentPlayback"/> to know when the last one ends).</summary>
    public void PlayFragments(Announcement announcement, bool bargeIn)
    {
        foreach (var id in announcement.FragmentIds)
        {
            _actions.Add(new PlayPrompt(id, Script.FragmentPath(id), bargeIn));
        }
    }

    /// <summary>
    /// Writes what happened in the node into the call's path, after the node's name (<c>callback-offer:numero-surtaxe</c>):
    /// the path is logged and stored, so never anything the caller keyed.
    /// </summary>
    public void Note(string nodeName, string what) => _addToPath?.Invoke($"{nodeName}:{what}");

    public void StartInputTimer(TimeSpan timeout) => _actions.Add(new StartInputTimer(timeout));

    public void Emit(IvrAction action) => _actions.Add(action);

    /// <summary>Leave the current node for <paramref name="node"/>; a key already pressed is handed to it.</summary>
    public void GoTo(string node, char? typeAhead = null) => _pendingMove = (node, typeAhead);

    public void Finish(IvrOutcome outcome) => FinishedWith = outcome;

    public (string Node, char? TypeAhead)? TakeMove()
    {
        var move = _pendingMove;
        _pendingMove = null;
        return move;
    }
}
