namespace Telephony.Ivr;

/// <summary>
/// Runs one call through a script. Pure and deterministic: the host reports events, the session answers with the
/// actions to perform; it does no I/O and keeps no timers of its own. Not thread-safe: one call, one caller at a time.
/// </summary>
public sealed class IvrSession
{
    /// <summary>
    /// Bound on node changes within one event. Today every kind either waits for the caller or ends the session, so
    /// this is never reached; it turns a future kind's loop (e.g. hours -> hours) into an error instead of a hang.
    /// </summary>
    private const int MaxMovesPerEvent = 64;

    private readonly IvrScript _script;
    private readonly TimeProvider _time;
    private readonly List<string> _path = [];
    private NodeRun? _current;
    private bool _started;

    public IvrSession(IvrScript script, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(time);
        _script = script;
        _time = time;
    }

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
            return Step(step => step.Finish(_current!.OutcomeIfCallerHangsUp(_script)));
        }

        return Step(step => _current!.Handle(step, ivrEvent));
    }

    private IReadOnlyList<IvrAction> Step(Action<SessionStep> act)
    {
        var step = new SessionStep(_script, _time.GetUtcNow());
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

        if (step.FinishedWith is { } outcome)
        {
            Outcome = outcome;
            _current = null;
        }

        return step.Actions;
    }
}
