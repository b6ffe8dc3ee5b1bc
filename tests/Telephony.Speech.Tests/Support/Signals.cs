using System.Diagnostics;

namespace Telephony.Speech.Tests.Support;

/// <summary>Test audio at 8 kHz, 16-bit: silence, noise, tones, and French speech from espeak-ng when it is installed.</summary>
internal static class Signals
{
    public const int Rate = 8000;

    public static short[] Silence(double seconds) => new short[(int)(seconds * Rate)];

    /// <summary>White noise at <paramref name="levelDb"/> dBFS (RMS), reproducible from <paramref name="seed"/>.</summary>
    public static short[] Noise(double seconds, double levelDb, int seed = 1)
    {
        var random = new Random(seed);
        var rms = 32768 * Math.Pow(10, levelDb / 20);
        var samples = new short[(int)(seconds * Rate)];
        for (var i = 0; i < samples.Length; i++)
        {
            // Uniform noise has RMS = amplitude / sqrt(3).
            samples[i] = (short)Math.Clamp((random.NextDouble() * 2 - 1) * rms * Math.Sqrt(3), short.MinValue, short.MaxValue);
        }

        return samples;
    }

    /// <summary>A sine at <paramref name="levelDb"/> dBFS (RMS).</summary>
    public static short[] Tone(double seconds, double frequency, double levelDb)
    {
        var amplitude = 32768 * Math.Pow(10, levelDb / 20) * Math.Sqrt(2);
        var samples = new short[(int)(seconds * Rate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)Math.Clamp(amplitude * Math.Sin(2 * Math.PI * frequency * i / Rate), short.MinValue, short.MaxValue);
        }

        return samples;
    }

    public static short[] Concat(params short[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Adds <paramref name="noise"/> under <paramref name="signal"/> (same length or longer).</summary>
    public static short[] Mix(short[] signal, short[] noise) =>
        signal.Select((s, i) => (short)Math.Clamp(s + (i < noise.Length ? noise[i] : 0), short.MinValue, short.MaxValue)).ToArray();

    /// <summary>
    /// <paramref name="text"/> spoken by espeak-ng's French voice, converted by sox to 8 kHz 16-bit mono; null with
    /// <paramref name="skipReason"/> when either tool is missing.
    /// </summary>
    public static short[]? FrenchSpeech(string text, out string skipReason)
    {
        skipReason = "";
        foreach (var tool in new[] { "espeak-ng", "sox" })
        {
            if (!OnPath(tool))
            {
                skipReason = $"{tool} not installed (apt-get install espeak-ng sox): real-speech VAD check skipped";
                return null;
            }
        }

        var directory = Directory.CreateTempSubdirectory("speech-audio-");
        try
        {
            var wav = Path.Combine(directory.FullName, "speech.wav");
            var raw = Path.Combine(directory.FullName, "speech.raw");
            Run("espeak-ng", ["-v", "fr", "-s", "150", "-w", wav, text]);
            Run("sox", [wav, "-t", "raw", "-r", "8000", "-e", "signed-integer", "-b", "16", "-c", "1", raw]);
            var bytes = File.ReadAllBytes(raw);
            var samples = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
            return samples;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    private static void Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error}");
        }
    }
}
