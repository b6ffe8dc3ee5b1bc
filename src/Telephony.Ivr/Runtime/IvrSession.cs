namespace Telephony.Ivr;

/// <summary>
/// Runs one call through a script. Pure and deterministic: the host reports events, the session answers with the
/// actions to perform; it does no I/O and keeps no timers of its own. Not thread-safe: one call, one caller at a time.
/// </summary>
public sealed class IvrSession
{
    /// <summary>
    /// Bound on node changes within one event. Only hours nodes move on without waiting, and the loader refuses a
    /// cycle of them, so this is never reached; it turns a future kind's loop into an error instead of a hang.
    /// </summary>
    private const int MaxMovesPerEvent = 64;

    private readonly IvrScript _script;
    private readonly TimeProvider _time;
    private readonly IvrSessionOptions _options;
    private readonly List<string> _path = [];
    private readonly CallMemory _memory = new();
    private NodeRun? _current;
    private bool _started;
    private bool _lineClosed;

    public IvrSession(IvrScript script, TimeProvider time)
        : this(script, time, IvrSessionOptions.Default)
    {
    }

    /// <param name="script">
    /// The script version this call runs until its end. Scripts are immutable: a hot reload builds new
    /// <see cref="IvrScript"/> objects, so a call in progress keeps the version it started with.
    /// </param>
    /// <param name="time">The clock of opening hours (evaluated in Europe/Paris).</param>
    /// <param name="options"><c>Ivr:ForceOpen</c> and operator overrides, read when the call reaches an hours node.</param>
    public IvrSession(IvrScript script, TimeProvider time, IvrSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _script = script;
        _time = time;
        _options = options;
    }

    /// <summary>The script (and so the <see cref="IvrScript.Version"/>) this call runs.</summary>
    public IvrScript Script => _script;

    /// <summary>
    /// The phrases a speech recogniser should listen for now (the current menu's options, or a callback offer's
    /// accept phrases); empty when the current node takes no speech.
    /// </summary>
    public IReadOnlyList<string> ExpectedPhrases => CurrentNode is { } name
        ? _script.GetNode(name) switch
        {
            MenuNode menu => menu.Phrases,
            CallbackNode callback => callback.AcceptPhrases,
            _ => [],
        }
        : [];

    /// <summary>
    /// True while the caller types digits that are personal data (a <c>collect</c> node, a phone number being keyed):
    /// whoever echoes keys (the simulator, a log) must mask them.
    /// </summary>
    public bool ExpectsPersonalDigits => !IsFinished && _current?.ExpectsPersonalDigits == true;

    /// <summary>Valid digits collected by a <c>collect</c> node of this call (routing only: never log them), or null.</summary>
    public CollectedDigits? GetCollected(string collectNodeName) => _memory.Collected(collectNodeName);

    /// <summary>
    /// The labels of the menu options chosen so far, in order (a menu chosen from again appears again): the IVR path
    /// in words that the agent's console shows, e.g. ["Paiement", "Date de paiement"]. Menus left on their last
    /// attempt add nothing. Carries no keyed digits, so it may be shown and stored like <see cref="Path"/>.
    /// </summary>
    public IReadOnlyList<string> ChoicesInWords => _memory.Choices;

    /// <summary>
    /// What the caller keyed that the script marks <c>for-agent</c> (label and valid digits, e.g. "Numéro fiscal"), in
    /// the order given; a value given again replaces the earlier one. For the console of the agent who takes the call
    /// only: never log it, store it or put it in the call's path.
    /// </summary>
    public IReadOnlyList<ForAgentItem> ForAgent => _memory.ForAgent;

    /// <summary>Node names visited, in order; a node entered again (a loop back to a menu) appears again.</summary>
    public IReadOnlyList<string> Path => _path;

    /// <summary>The node the call is in, or null before start and after the end.</summary>
    public string? CurrentNode => IsFinished || _path.Count == 0 ? null : _path[^1];

    public bool IsFinished => Outcome is not null;

    /// <summary>Set when the session ends: how the IVR's part of the call ended.</summary>
    public IvrOutcome? Outcome { get; private set; }

    /// <summary>Enters the start node. Call once, when the call is answered.</summary>
    public IReadOnlyList<IvrAction> Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("The IVR session has already started.");
        }

        _started = true;
        return Step(step => step.GoTo(_script.StartNode));
    }

    /// <summary>Feeds one event; returns the actions it calls for (none for stale or irrelevant events).</summary>
    public IReadOnlyList<IvrAction> Handle(IvrEvent ivrEvent)
    {
        ArgumentNullException.ThrowIfNull(ivrEvent);
        if (!_started)
        {
            throw new InvalidOperationException("Start the IVR session before handling events.");
        }

        if (IsFinished)
        {
            return [];
        }

        if (ivrEvent is CallerHungUp)
        {
            var outcome = _current!.OutcomeIfCallerHangsUp(_script);
            // A caller who hangs up while hearing that the line is closed was not abandoned by the IVR: the line was closed.
            return Step(step => step.Finish(outcome == IvrOutcome.AbandonedIvr && _lineClosed ? IvrOutcome.Closed : outcome));
        }

        return Step(step => _current!.Handle(step, ivrEvent));
    }

    private IReadOnlyList<IvrAction> Step(Action<SessionStep> act)
    {
        var step = new SessionStep(_script, _time.GetUtcNow(), _options, _memory, _path.Add);
        act(step);
        var moves = 0;
        while (step.FinishedWith is null && step.TakeMove() is { } move)
        {
            if (++moves > MaxMovesPerEvent)
            {
                throw new InvalidOperationException(
                    $"IVR script '{_script.Name}' moved through {MaxMovesPerEvent} nodes without waiting for the caller.");
            }

            _path.Add(move.Node);
            _current = _script.GetNode(move.Node).CreateRun();
            _current.Enter(step, move.TypeAhead);
        }

        _lineClosed |= step.LineClosed;
        if (step.FinishedWith is { } outcome)
        {
            Outcome = outcome;
            _current = null;
        }

        return step.Actions;
    }
}
