using Telephony.Media.Codecs;

namespace Telephony.Media.Playback;

/// <summary>
/// One prompt being played on one session. Its read position is touched only by the scheduler thread;
/// completion may come from any thread (end of prompt, cancellation, barge-in, a newer prompt, disposal).
/// </summary>
internal sealed class PlaybackRequest
{
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;
    private bool _started;

    public PlaybackRequest(AudioPrompt prompt, bool loop)
    {
        Prompt = prompt;
        Loop = loop;
    }

    public AudioPrompt Prompt { get; }

    public bool Loop { get; }

    public Task<bool> Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>True exactly once, for the packet that starts this prompt (RTP marker bit: start of a talk-spurt).</summary>
    public bool TakeStartMarker()
    {
        if (_started)
        {
            return false;
        }

        _started = true;
        return true;
    }

    /// <summary>Encodes the next payload.Length samples, padding with silence after the end; true once the prompt is done.</summary>
    public bool FillPayload(Span<byte> payload, AudioCodec codec)
    {
        var samples = Prompt.Samples.Span;
        var written = 0;
        while (written < payload.Length)
        {
            var remaining = samples.Length - _position;
            if (remaining <= 0)
            {
                if (Loop && samples.Length > 0)
                {
                    _position = 0;
                    continue;
                }

                payload[written..].Fill(G711.SilenceCode(codec));
                return !Loop;
            }

            var count = Math.Min(remaining, payload.Length - written);
            G711.Encode(codec, samples.Slice(_position, count), payload.Slice(written, count));
            _position += count;
            written += count;
        }

        return !Loop && _position >= samples.Length;
    }

    public bool TryComplete(bool playedToEnd)
    {
        if (!_completion.TrySetResult(playedToEnd))
        {
            return false;
        }

        // Unregister does not wait for a running callback, so this is safe from inside the cancellation callback.
        Registration.Unregister();
        return true;
    }
}
