namespace Telephony.Speech.Vad;

/// <summary>What the detector made of one frame.</summary>
public enum VadEvent
{
    None,

    /// <summary>This frame completed <see cref="VadOptions.OnsetFrames"/> voiced frames: speech began that many frames ago.</summary>
    SpeechStarted,

    /// <summary>This frame completed <see cref="VadOptions.HangoverFrames"/> unvoiced frames: speech is over.</summary>
    SpeechEnded,
}

/// <summary>
/// Energy-based voice activity detector for telephone audio: each 20 ms frame's energy (dBFS) is compared with an
/// adaptive noise floor, the quietest frame over the last <see cref="VadOptions.NoiseWindowFrames"/> (minimum
/// tracking: speech has pauses, so the floor stays at the line's noise while a caller talks, and a noise that
/// persists, a hum or a steady tone, becomes the floor within the window). Onset and hangover counts turn voiced
/// frames into start and end of speech. Deterministic, and allocation-free per frame (the window is allocated once).
/// </summary>
public sealed class VoiceActivityDetector
{
    private const double SilenceDb = -100;

    private readonly VadOptions _options;

    /// <summary>Minimum energy of each block of frames, a ring: the floor is the minimum over blocks and the current one.</summary>
    private readonly double[] _blockMinima;
    private readonly int _blockFrames;
    private int _blockIndex;
    private int _framesInBlock;
    private int _blocksFilled;
    private double _currentBlockMin = double.MaxValue;
    private int _framesSeen;
    private int _voicedRun;
    private int _unvoicedRun;

    public VoiceActivityDetector(VadOptions? options = null)
    {
        _options = options ?? VadOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.NoiseWindowFrames, 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.OnsetFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.HangoverFrames, 1);
        _blockFrames = _options.NoiseWindowFrames / 10;
        _blockMinima = new double[10];
    }

    public bool InSpeech { get; private set; }

    /// <summary>Voiced frames needed for an onset (speech had begun that many frames before <see cref="VadEvent.SpeechStarted"/>).</summary>
    public int OnsetFrames => _options.OnsetFrames;

    /// <summary>Energy of the last frame, dBFS (−100 for digital silence).</summary>
    public double LastLevelDb { get; private set; } = SilenceDb;

    /// <summary>The current noise floor estimate, dBFS.</summary>
    public double NoiseFloorDb { get; private set; } = SilenceDb;

    /// <summary>Whether the last frame counted as voiced.</summary>
    public bool LastFrameVoiced { get; private set; }

    /// <summary>Processes one frame (normally <see cref="VadOptions.FrameSamples"/> samples; any length works).</summary>
    public VadEvent Process(ReadOnlySpan<short> frame)
    {
        var level = LevelDb(frame);
        LastLevelDb = level;
        TrackFloor(level);
        _framesSeen++;

        var threshold = NoiseFloorDb + _options.ThresholdDb - (InSpeech ? _options.HysteresisDb : 0);
        var voiced = _framesSeen > _options.WarmupFrames && level >= threshold && level >= _options.MinSpeechLevelDb;
        LastFrameVoiced = voiced;
        if (voiced)
        {
            _voicedRun++;
            _unvoicedRun = 0;
        }
        else
        {
            _unvoicedRun++;
            _voicedRun = 0;
        }

        if (!InSpeech && _voicedRun >= _options.OnsetFrames)
        {
            InSpeech = true;
            return VadEvent.SpeechStarted;
        }

        if (InSpeech && _unvoicedRun >= _options.HangoverFrames)
        {
            InSpeech = false;
            return VadEvent.SpeechEnded;
        }

        return VadEvent.None;
    }

    /// <summary>Forgets the current utterance (not the noise floor): the next speech needs a fresh onset.</summary>
    public void EndSpeech()
    {
        InSpeech = false;
        _voicedRun = 0;
        _unvoicedRun = 0;
    }

    /// <summary>Mean power of the frame in dB relative to a full-scale square wave.</summary>
    public static double LevelDb(ReadOnlySpan<short> frame)
    {
        if (frame.IsEmpty)
        {
            return SilenceDb;
        }

        long sum = 0;
        foreach (var sample in frame)
        {
            sum += sample * sample;
        }

        if (sum == 0)
        {
            return SilenceDb;
        }

        var meanPower = (double)sum / frame.Length / (32768.0 * 32768.0);
        return Math.Max(SilenceDb, 10 * Math.Log10(meanPower));
    }

    private void TrackFloor(double level)
    {
        _currentBlockMin = Math.Min(_currentBlockMin, level);
        if (++_framesInBlock == _blockFrames)
        {
            _blockMinima[_blockIndex] = _currentBlockMin;
            _blockIndex = (_blockIndex + 1) % _blockMinima.Length;
            _blocksFilled = Math.Min(_blocksFilled + 1, _blockMinima.Length);
            _framesInBlock = 0;
            _currentBlockMin = double.MaxValue;
        }

        var floor = _framesInBlock > 0 ? _currentBlockMin : double.MaxValue;
        for (var i = 0; i < _blocksFilled; i++)
        {
            floor = Math.Min(floor, _blockMinima[i]);
        }

        NoiseFloorDb = floor == double.MaxValue ? level : floor;
    }
}
