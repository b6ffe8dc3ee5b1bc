using System.Diagnostics;

namespace Telephony.Bench.Speech;

/// <summary>8 kHz test audio: an utterance-shaped loop (line noise, a voiced burst, noise) and espeak-ng French when available.</summary>
internal static class BenchAudio
{
    /// <summary>1 s of noise at −50 dBFS, 0.6 s of a −15 dBFS tone with noise, 1 s of noise: one utterance every 2.6 s.</summary>
    public static short[] UtteranceLoop()
    {
        var random = new Random(7);
        var samples = new short[(int)(2.6 * 8000)];
        for (var i = 0; i < samples.Length; i++)
        {
            var noise = (random.NextDouble() * 2 - 1) * 32768 * Math.Pow(10, -50 / 20.0) * Math.Sqrt(3);
            var voiced = i >= 8000 && i < 12800 ? 32768 * Math.Pow(10, -15 / 20.0) * Math.Sqrt(2) * Math.Sin(2 * Math.PI * 300 * i / 8000) : 0;
            samples[i] = (short)Math.Clamp(noise + voiced, short.MinValue, short.MaxValue);
        }

        return samples;
    }

    /// <summary>French speech from espeak-ng at 8 kHz (sox), or null when the tools are missing.</summary>
    public static short[]? FrenchSpeech(string text)
    {
        var directory = Directory.CreateTempSubdirectory("bench-speech-");
        try
        {
            var wav = Path.Combine(directory.FullName, "s.wav");
            var raw = Path.Combine(directory.FullName, "s.raw");
            if (!Run("espeak-ng", "-v", "fr", "-w", wav, text) || !Run("sox", wav, "-t", "raw", "-r", "8000", "-e", "signed-integer", "-b", "16", "-c", "1", raw))
            {
                return null;
            }

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

    private static bool Run(string tool, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
