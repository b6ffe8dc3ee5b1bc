using System.Diagnostics;
using System.Globalization;
using Telephony.Speech;
using Telephony.Speech.Intent;
using Telephony.Speech.Recognition;

namespace Telephony.Bench.Speech;

/// <summary>
/// With a real model (VOSK_MODEL_PATH): real-time factor of one recognizer on 8 kHz speech, concurrent recognitions
/// per core (every core decoding at once), and memory per recognizer (RSS growth over many live recognizers).
/// </summary>
internal static class VoskBench
{
    private static readonly SpeechMenu Menu = new(
    [
        new SpeechChoice("1", ["retraite", "ma retraite", "départ à la retraite"]),
        new SpeechChoice("2", ["paiement", "versement", "mon paiement"]),
        new SpeechChoice("3", ["autre", "autres demandes", "relevé de carrière"]),
    ]);

    public static int Run(string? modelPath, int recognizersForMemory)
    {
        if (string.IsNullOrWhiteSpace(modelPath))
        {
            Console.WriteLine("vosk: skipped, VOSK_MODEL_PATH is not set (scripts/fetch-vosk-model.sh fetches vosk-model-small-fr-0.22)");
            return 0;
        }

        using var engine = SpeechEngine.Start(new SpeechOptions { ModelPath = modelPath });
        Console.WriteLine($"vosk: {engine.Availability.Detail}");
        if (!engine.IsAvailable)
        {
            return 1;
        }

        var speech = BenchAudio.FrenchSpeech("je voudrais des renseignements sur ma retraite") ?? BenchAudio.UtteranceLoop();
        var audioSeconds = speech.Length / 8000.0;

        var single = Decode(engine, speech, repeats: 5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  real-time factor (1 recognizer, {audioSeconds:0.0} s of 8 kHz speech x 5): {single:0.000} (decode time / audio time)"));

        var threads = Environment.ProcessorCount;
        var factors = new double[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => factors[i] = Decode(engine, speech, repeats: 5));
        var perCore = 1 / factors.Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {threads} recognizers at once: mean RTF {factors.Average():0.000} -> about {perCore:0.0} concurrent real-time recognitions per core"));

        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var before = process.WorkingSet64;
        var live = new List<ISpeechRecognizer>();
        for (var i = 0; i < recognizersForMemory; i++)
        {
            var recognizer = engine.Create(Menu);
            recognizer.Accept(speech.AsSpan(0, Math.Min(speech.Length, 8000)));
            live.Add(recognizer);
        }

        process.Refresh();
        var perRecognizer = (process.WorkingSet64 - before) / (double)recognizersForMemory;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  memory: {perRecognizer / 1024 / 1024:0.00} MiB per live recognizer ({recognizersForMemory} created, 1 s fed each; model shared)"));
        live.ForEach(r => r.Dispose());
        return 0;
    }

    private static double Decode(SpeechEngine engine, short[] speech, int repeats)
    {
        using var recognizer = engine.Create(Menu);
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < repeats; r++)
        {
            for (var offset = 0; offset < speech.Length; offset += 160)
            {
                recognizer.Accept(speech.AsSpan(offset, Math.Min(160, speech.Length - offset)));
            }

            recognizer.Finish();
        }

        return watch.Elapsed.TotalSeconds / (speech.Length / 8000.0 * repeats);
    }
}
