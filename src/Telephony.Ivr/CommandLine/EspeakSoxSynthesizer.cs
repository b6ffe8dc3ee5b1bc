using System.ComponentModel;
using System.Diagnostics;

namespace Telephony.Ivr;

/// <summary>Speaks the text with espeak-ng, then resamples it with sox to what G.711 carries: 8 kHz, mono, 16-bit.</summary>
public sealed class EspeakSoxSynthesizer : IPromptSynthesizer
{
    /// <summary>
    /// Words per minute. A bit faster than espeak's 150 default so that a welcome and a menu stay short: callers wait
    /// through every second of them, and the end-to-end test presses its key 8 s after answer.
    /// </summary>
    private const int WordsPerMinute = 165;

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    public void Synthesize(string text, string locale, string outputWavPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputWavPath))!;
        Directory.CreateDirectory(directory);
        var spoken = Path.Combine(Path.GetTempPath(), $"ivr-prompt-{Guid.NewGuid():N}.wav");
        var converted = Path.Combine(directory, $".{Path.GetFileName(outputWavPath)}.{Guid.NewGuid():N}.tmp.wav");
        try
        {
            Run("espeak-ng", ["-v", VoiceFor(locale), "-s", WordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", spoken, "--", text]);
            // No dither: sox's dither is random, and the same text must give the same bytes so regenerating does not churn git.
            // espeak's leading and trailing silences are trimmed to a short fixed pad: callers wait through every one,
            // and announcements assembled from fragments would otherwise have gaps between words.
            Run("sox", ["--no-dither", spoken, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", converted,
                "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse", "pad", "0.05", "0.2"]);
            // Replace the old file only once the new one is complete.
            File.Move(converted, outputWavPath, overwrite: true);
        }
        finally
        {
            File.Delete(spoken);
            File.Delete(converted);
        }
    }

    /// <summary>espeak-ng names voices by language ("fr"), not by locale ("fr-FR").</summary>
    internal static string VoiceFor(string locale) => locale.Split('-')[0].ToLowerInvariant();

    private static void Run(string tool, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new PromptGenerationException($"{tool} did not start");
        }
        catch (Win32Exception e)
        {
            throw new PromptGenerationException($"{tool} is not installed or not on PATH (Debian package: {tool})", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(ToolTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new PromptGenerationException($"{tool} took longer than {ToolTimeout.TotalSeconds} s");
            }

            if (process.ExitCode != 0)
            {
                throw new PromptGenerationException($"{tool} failed with exit code {process.ExitCode}: {stderr.Result.Trim()}");
            }
        }
    }
}
