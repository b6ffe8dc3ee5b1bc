using Telephony.Calls.Conversations;
using Telephony.Media.Playback;
using Telephony.Media.Sessions;
using Telephony.Sip;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls.Channels;

/// <summary>
/// An answered SIP call with its RTP session, seen as an <see cref="ICallChannel"/>: a citizen who called in, or one
/// the service called back through the trunk.
/// </summary>
public sealed class SipMediaCallChannel : ICallChannel, IReceivedAudioSource, IDisposable
{
    private readonly SipDialog _call;
    private readonly RtpSession _media;
    private readonly PromptCache _prompts;
    private readonly CallerDigits _digits = new();
    // Never disposed: it has no timer or wait handle, and the SIP call's end may cancel it after the channel is gone.
    private readonly CancellationTokenSource _ended = new();

    private readonly ILogger _logger;

    public SipMediaCallChannel(IncomingCall call, RtpSession media, PromptCache prompts, ILogger logger)
        : this(call, call.CallerUser, media, prompts, logger)
    {
    }

    /// <param name="callerNumber">The citizen's number (the one called back): personal data, never logged in clear.</param>
    public SipMediaCallChannel(SipDialog call, string? callerNumber, RtpSession media, PromptCache prompts, ILogger logger)
    {
        _call = call;
        CallerNumber = callerNumber;
        _media = media;
        _prompts = prompts;
        _logger = logger;
        _media.DigitReceived += OnDigit;
        _media.InactivityTimedOut += OnInactivity;
        _call.InfoDigitReceived += OnDigit;
        _ = _call.Terminated.ContinueWith(_ => EndNow(), TaskScheduler.Default);
    }

    public string CallId => _call.CallId;

    public string? CallerNumber { get; }

    public CancellationToken Ended => _ended.Token;

    public string? DropReason { get; private set; }

    public IAsyncEnumerable<char> ReadDigitsAsync(CancellationToken cancellationToken) => _digits.ReadAsync(cancellationToken);

    public bool TryTakeDigit(out char digit) => _digits.TryTake(out digit);

    public void DiscardPendingDigits() => _digits.DiscardPending();

    public async Task<bool> PlayAsync(string promptPath, CancellationToken cancellationToken) =>
        await _media.PlayAsync(_prompts.Get(promptPath), cancellationToken);

    public async Task PlayLoopAsync(string promptPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(promptPath))
        {
            // No music configured: wait in silence; the RTP session keeps sending comfort silence.
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return;
        }

        await _media.PlayLoopAsync(_prompts.Get(promptPath), cancellationToken);
    }

    public async Task HangUpAsync()
    {
        // The decision ends the call for the flow now: the BYE may take seconds to be answered (or never be).
        EndNow();
        if (!_call.Terminated.IsCompleted)
        {
            await _call.HangUpAsync();
        }
    }

    public IAgentBridge ConnectAgent(IAgentLeg agent) => agent is SipAgentLeg leg
        ? new MediaAgentBridge(_media, leg.Media)
        : throw new ArgumentException("A SIP caller can only be connected to a SIP agent leg.", nameof(agent));

    public void SetAudioReceiver(AudioFrameHandler? receiver) => _media.AudioReceived = receiver;

    public void Dispose()
    {
        _media.AudioReceived = null;
        _media.DigitReceived -= OnDigit;
        _media.InactivityTimedOut -= OnInactivity;
        _call.InfoDigitReceived -= OnDigit;
        _digits.Complete();
    }

    private void EndNow() => _ended.Cancel();

    private void OnDigit(char digit) => _digits.Add(digit);

    private void OnInactivity(MediaTimeoutReason reason)
    {
        // A caller whose phone died or whose network dropped sends no BYE: without this the call would hold an
        // IVR session, a queue place and an RTP port for ever.
        DropReason = reason == MediaTimeoutReason.NoMediaReceived ? "no_media" : "media_timeout";
        _logger.LogWarning("Call {CallId}: no media from the caller ({Reason}); hanging up", CallId, reason);
        _ = HangUpAsync();
    }
}
