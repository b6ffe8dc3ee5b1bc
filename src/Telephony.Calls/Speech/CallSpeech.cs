using System.Threading.Channels;
using Telephony.Calls.Channels;
using Telephony.Ivr;
using Telephony.Speech.Pipeline;

namespace Telephony.Calls.Speech;

/// <summary>
/// One call's speech recognition, driven by its IVR flow: <see cref="Follow"/> after each IVR answer listens to the
/// menu the caller is in (or stops), the flow reads <see cref="ReadAsync"/> while it plays a prompt or waits for a key,
/// and <see cref="Interpret"/> turns what the pipeline heard into the IVR's events. The caller's audio goes from the
/// media receive thread straight into the pipeline's lock-free queue; recognition runs on the speech workers. Events
/// from a menu the call has left are dropped: each carries the listening turn it was raised in.
/// Used by the call's flow only (one thread at a time), apart from the pipeline's event handler.
/// </summary>
public sealed class CallSpeech : IDisposable
{
    private readonly SpeechPipeline _pipeline;
    private readonly IReceivedAudioSource _audio;
    private readonly string _callId;
    private readonly ILogger _logger;
    private readonly Channel<(int Turn, SpeechEvent Event)> _events =
        Channel.CreateUnbounded<(int, SpeechEvent)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly List<string> _said = [];

    private int _listens;
    private int _expectedTurn = -1;
    private (string Node, int Visit)? _followed;
    private bool _attached;
    private bool _disposed;

    internal CallSpeech(SpeechPipeline pipeline, IReceivedAudioSource audio, string callId, ILogger logger)
    {
        _pipeline = pipeline;
        _audio = audio;
        _callId = callId;
        _logger = logger;
        // On a speech worker: tag the event with the menu turn it belongs to, never wait.
        _pipeline.Events += e => _events.Writer.TryWrite((_pipeline.ListenTurn, e));
    }

    /// <summary>What the caller said that chose an option, in order (personal data: the agent's console, never the log).</summary>
    public IReadOnlyList<string> Said => _said;

    /// <summary>True while a menu is being listened to.</summary>
    public bool Listening => _expectedTurn >= 0;

    /// <summary>
    /// Listens to the menu the session is now in when it has spoken phrases, or stops listening when the caller left
    /// it. A menu entered again (a loop back) is listened to again; a menu where speech gave up is not, for that visit.
    /// </summary>
    public void Follow(IvrSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var node = session.CurrentNode;
        var visit = node is null ? -1 : LastVisit(session.Path, node);
        if (_disposed || (node is not null && _followed == (node, visit)))
        {
            return;
        }

        _followed = node is null ? null : (node, visit);
        var menu = node is not null && session.Script.GetNode(node) is MenuNode menuNode ? SpeechMenus.For(menuNode) : null;
        if (menu is null)
        {
            StopListening();
            return;
        }

        if (!_attached)
        {
            _audio.SetAudioReceiver(_pipeline.Push);
            _attached = true;
        }

        _expectedTurn = ++_listens;
        _pipeline.Listen(menu);
    }

    /// <summary>The caller leaves the IVR's menus (a queue, an agent): stop listening and hand the audio back.</summary>
    public void Suspend()
    {
        StopListening();
        _followed = null;
        if (_attached)
        {
            _audio.SetAudioReceiver(null);
            _attached = false;
        }
    }

    /// <summary>A verdict or a barge-in of the current menu that is already there, without waiting.</summary>
    public bool TryRead(out SpeechEvent speechEvent)
    {
        while (_events.Reader.TryRead(out var item))
        {
            if (IsCurrent(item))
            {
                speechEvent = item.Event;
                return true;
            }
        }

        speechEvent = null!;
        return false;
    }

    /// <summary>The next event of the menu being listened to (a stale one, or a no-input notice, is skipped).</summary>
    public async Task<SpeechEvent> ReadAsync(CancellationToken cancel)
    {
        while (true)
        {
            var item = await _events.Reader.ReadAsync(cancel);
            if (IsCurrent(item))
            {
                return item.Event;
            }
        }
    }

    /// <summary>
    /// The IVR event for a verdict: a match chooses its option's key, no match counts as a wrong answer (the menu asks
    /// again), giving up sends the caller to the keypad. Null for <see cref="SpeechStarted"/> (the host's barge-in).
    /// </summary>
    public IvrEvent? Interpret(SpeechEvent speechEvent)
    {
        switch (speechEvent)
        {
            case SpeechRecognized recognized:
                _expectedTurn = -1;
                _said.Add(recognized.Match.Transcript);
                _logger.LogInformation("Call {CallId}: speech chose option {Key} ({Latency} ms after the end of speech, score {Score:0.00})",
                    _callId, recognized.Match.Key, (int)recognized.Latency.TotalMilliseconds, recognized.Match.Score);
                return new OptionSpoken(recognized.Match.Key!, recognized.Match.Transcript);
            case SpeechNotRecognized notRecognized:
                _logger.LogInformation("Call {CallId}: speech matched no option ({Reason}, attempt {Attempt}); asking again",
                    _callId, notRecognized.Match.Reason, notRecognized.Attempt);
                return new SpeechResult(notRecognized.Match.Transcript, 0f);
            case SpeechKeypadFallback fallback:
                _expectedTurn = -1;
                _logger.LogInformation("Call {CallId}: speech gave up on this menu ({Reason}); the caller is asked to use the keypad",
                    _callId, fallback.Reason);
                return new SpeechGaveUp();
            default:
                return null;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_attached)
        {
            _audio.SetAudioReceiver(null);
            _attached = false;
        }

        _pipeline.Dispose();
        _events.Writer.TryComplete();
    }

    private bool IsCurrent((int Turn, SpeechEvent Event) item) =>
        _expectedTurn >= 0 && item.Turn == _expectedTurn && item.Event is not SpeechNoInput;

    private void StopListening()
    {
        if (_expectedTurn >= 0)
        {
            _expectedTurn = -1;
            _pipeline.Stop();
        }
    }

    /// <summary>Where the node was last entered in the path (notes such as "menu:speech" are never a node's name).</summary>
    private static int LastVisit(IReadOnlyList<string> path, string node)
    {
        for (var i = path.Count - 1; i >= 0; i--)
        {
            if (path[i] == node)
            {
                return i;
            }
        }

        return -1;
    }
}
