using Telephony.Media.Codecs;

namespace Telephony.Media.Playback;

/// <summary>
/// A prompt ready to play: 8 kHz mono 16-bit linear samples, converted once at load so that playback only copies
/// and encodes. Immutable and shared by every call that plays it.
/// </summary>
public sealed class AudioPrompt
{
    private AudioPrompt(string name, ReadOnlyMemory<short> samples)
    {
        Name = name;
        Samples = samples;
    }

    public string Name { get; }

    /// <summary>8 kHz mono linear PCM.</summary>
    public ReadOnlyMemory<short> Samples { get; }

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / G711.SampleRate);

    /// <summary>
    /// Loads a WAV file (PCM 8/16/24/32-bit, 32-bit float, µ-law or A-law, any channel count and rate), mixed down to mono
    /// and resampled to 8 kHz. Throws <see cref="InvalidAudioFileException"/> for anything else.
    /// </summary>
    public static AudioPrompt LoadWav(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidAudioFileException($"Cannot read prompt '{path}': {exception.Message}", exception);
        }

        return LoadWav(bytes, Path.GetFileNameWithoutExtension(path), path);
    }

    /// <summary>Loads a WAV image already in memory; <paramref name="name"/> names the prompt in errors and logs.</summary>
    public static AudioPrompt LoadWav(ReadOnlySpan<byte> wav, string name) => LoadWav(wav, name, name);

    /// <summary>Wraps samples that are already 8 kHz mono (generated tones, recorded speech).</summary>
    public static AudioPrompt FromSamples(string name, ReadOnlyMemory<short> samples8kHz)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new AudioPrompt(name, samples8kHz);
    }

    public override string ToString() => $"{Name} ({Duration.TotalSeconds:0.00} s)";

    private static AudioPrompt LoadWav(ReadOnlySpan<byte> wav, string name, string source)
    {
        var decoded = WavReader.Read(wav, source);
        var samples = Resampler.Resample(decoded.Samples, decoded.SampleRate, G711.SampleRate);
        return new AudioPrompt(name, samples);
    }
}
