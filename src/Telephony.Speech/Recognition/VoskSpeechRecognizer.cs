using Telephony.Speech.Native;

namespace Telephony.Speech.Recognition;

/// <summary>
/// A Vosk recognizer for one call's menu. Vosk's own endpointing may close an utterance inside
/// <see cref="Accept"/> (it returns 1): that result is kept and joined with the rest at <see cref="Finish"/>.
/// </summary>
internal sealed class VoskSpeechRecognizer : ISpeechRecognizer
{
    private const int MaxChunk = 4096;

    private readonly SpeechEngine _engine;
    private readonly VoskRecognizerHandle _handle;
    private readonly Upsampler? _upsampler;
    private readonly short[] _upsampled;
    private readonly List<RecognizedSpeech> _closedByVosk = [];

    public VoskSpeechRecognizer(SpeechEngine engine, VoskRecognizerHandle handle, bool upsample)
    {
        _engine = engine;
        _handle = handle;
        _upsampler = upsample ? new Upsampler() : null;
        _upsampled = upsample ? new short[MaxChunk * 2] : [];
    }

    public void Accept(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        while (!samples.IsEmpty)
        {
            var chunk = samples[..Math.Min(samples.Length, MaxChunk)];
            samples = samples[chunk.Length..];
            ReadOnlySpan<short> audio = chunk;
            if (_upsampler is not null)
            {
                audio = _upsampled.AsSpan(0, _upsampler.Process(chunk, _upsampled));
            }

            var state = VoskNative.vosk_recognizer_accept_waveform_s(_handle, audio, audio.Length);
            if (state < 0)
            {
                throw new SpeechRecognizerException("Vosk refused the audio (vosk_recognizer_accept_waveform_s returned -1; see Kaldi's error on stderr)");
            }

            if (state == 1)
            {
                _closedByVosk.Add(RecognizedSpeech.FromVoskJson(VoskNative.CopyResult(VoskNative.vosk_recognizer_result(_handle))));
            }
        }
    }

    public RecognizedSpeech Finish()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var last = RecognizedSpeech.FromVoskJson(VoskNative.CopyResult(VoskNative.vosk_recognizer_final_result(_handle)));
        if (_closedByVosk.Count == 0)
        {
            return last;
        }

        var parts = _closedByVosk.Append(last).Where(p => p.Text.Length > 0).ToList();
        _closedByVosk.Clear();
        return new RecognizedSpeech(string.Join(' ', parts.Select(p => p.Text)), parts.SelectMany(p => p.Words).ToList());
    }

    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _closedByVosk.Clear();
        VoskNative.vosk_recognizer_reset(_handle);
    }

    public void Dispose()
    {
        // Freeing a recognizer drops its reference on the shared model: serialised with creation (see SpeechEngine).
        lock (_engine.NativeGate)
        {
            _handle.Dispose();
        }
    }
}
