using System.Threading.Channels;
using Telephony.Calls.Channels;
using Telephony.Calls.Conversations;
using Telephony.Media.Sessions;

namespace Telephony.Calls.Tests;

/// <summary>
/// A call without sockets: prompts "play" until the test says they finished (or at once), digits are pressed by the
/// test, and hanging up is observable.
/// </summary>
internal sealed class FakeCallChannel : ICallChannel, IReceivedAudioSource
{
    private readonly Lock _audioGate = new();
    private AudioFrameHandler? _audioReceiver;

    private readonly CallerDigits _digits = new();
    private readonly CancellationTokenSource _ended = new();
    private readonly Channel<string> _started = Channel.CreateUnbounded<string>();

    public string CallId { get; } = "fake-call";

    public string? CallerNumber { get; init; } = "0612345678";

    public CancellationToken Ended => _ended.Token;

    private TaskCompletionSource _currentPrompt = NewPrompt();

    /// <summary>When true, prompts end at once, as if they were very short; otherwise when the test calls <see cref="FinishPrompt"/>.</summary>
    public bool PromptsFinishImmediately { get; init; } = true;

    public List<string> Played { get; } = [];

    public bool HungUp { get; private set; }

    public string? DropReason { get; private set; }

    /// <summary>The service cuts the call, as the real channel does when the caller's media never arrives.</summary>
    public void ServiceDrops(string reason)
    {
        DropReason = reason;
        _ = HangUpAsync();
    }

    public void Press(char digit) => _digits.Add(digit);

    /// <summary>True while the call's speech recognition takes the caller's audio.</summary>
    public bool AudioTaken => Volatile.Read(ref _audioReceiver) is not null;

    public void SetAudioReceiver(AudioFrameHandler? receiver) => Volatile.Write(ref _audioReceiver, receiver);

    /// <summary>
    /// The caller's audio, in 20 ms packets as the media receive loop hands them over (one thread at a time), paced at
    /// about 1 ms a packet: faster than real time, yet slow enough for the speech worker's bounded queue.
    /// </summary>
    public void Speak(short[] samples)
    {
        lock (_audioGate)
        {
            for (var offset = 0; offset < samples.Length; offset += 160)
            {
                Volatile.Read(ref _audioReceiver)?.Invoke(samples.AsSpan(offset, Math.Min(160, samples.Length - offset)));
                Thread.Sleep(1);
            }
        }
    }

    public void CallerHangsUp() => _ended.Cancel();

    /// <summary>The prompt playing now plays to its end (with <see cref="PromptsFinishImmediately"/> false).</summary>
    public void FinishPrompt() => Volatile.Read(ref _currentPrompt).TrySetResult();

    public async Task<string> NextPromptStartedAsync() =>
        await _started.Reader.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);

    public IAsyncEnumerable<char> ReadDigitsAsync(CancellationToken cancellationToken) => _digits.ReadAsync(cancellationToken);

    public bool TryTakeDigit(out char digit) => _digits.TryTake(out digit);

    public void DiscardPendingDigits() => _digits.DiscardPending();

    public async Task<bool> PlayAsync(string promptPath, CancellationToken cancellationToken)
    {
        Played.Add(Path.GetFileNameWithoutExtension(promptPath));
        if (PromptsFinishImmediately)
        {
            _started.Writer.TryWrite(Path.GetFileNameWithoutExtension(promptPath));
            return true;
        }

        var playing = NewPrompt();
        Volatile.Write(ref _currentPrompt, playing);
        _started.Writer.TryWrite(Path.GetFileNameWithoutExtension(promptPath));
        try
        {
            await playing.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task PlayLoopAsync(string promptPath, CancellationToken cancellationToken) =>
        await Task.Delay(Timeout.Infinite, cancellationToken);

    /// <summary>The agent legs the caller was connected to, in order.</summary>
    public List<IAgentLeg> ConnectedAgents { get; } = [];

    public IAgentBridge ConnectAgent(IAgentLeg agent)
    {
        ConnectedAgents.Add(agent);
        return new FakeBridge(agent.Ended);
    }

    public Task HangUpAsync()
    {
        HungUp = true;
        _ended.Cancel();
        return Task.CompletedTask;
    }

    private static TaskCompletionSource NewPrompt() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Media that ends when the agent's leg ends (the test ends it), or when the conversation disposes it.</summary>
    private sealed class FakeBridge(Task agentEnded) : IAgentBridge
    {
        public Task Ended { get; } = agentEnded;

        public void Dispose()
        {
        }
    }
}
