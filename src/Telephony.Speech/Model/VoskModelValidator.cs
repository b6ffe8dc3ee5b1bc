using System.Globalization;

namespace Telephony.Speech.Model;

/// <summary>
/// Checks that a directory is a Vosk model of the current layout (am/, conf/, graph/, optional ivector/ and rescore/)
/// before Vosk reads it, so an operator gets one clear sentence and the process never meets a Kaldi abort. What is
/// checked (README, Speech): the folders and the files Vosk opens; each file's opening (Kaldi binary or text token,
/// OpenFst magic number and arc type, Kaldi option lines, integer and symbol lists). A file truncated after a valid
/// opening is left to Kaldi, whose readers report the end of file as an error (Vosk then returns no model).
/// </summary>
public static class VoskModelValidator
{
    private static readonly string[] MatrixOpenings = ["FM", "DM", "CM", "["];

    public static ModelCheck Check(string modelPath)
    {
        var fullPath = Path.GetFullPath(modelPath);
        try
        {
            return CheckDirectory(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ModelCheck(SpeechProblem.ModelCorrupt, $"model at {fullPath} cannot be read ({ex.Message})", fullPath);
        }
    }

    private static ModelCheck CheckDirectory(string root)
    {
        if (!Directory.Exists(root))
        {
            return new ModelCheck(SpeechProblem.ModelNotFound, $"model directory {root} not found", root);
        }

        if (!Directory.EnumerateFileSystemEntries(root).Any())
        {
            return new ModelCheck(SpeechProblem.NotAModel, $"model directory {root} is empty: copy a Vosk model into it", root);
        }

        if (!Directory.Exists(Path.Combine(root, "am")) || !Directory.Exists(Path.Combine(root, "conf")))
        {
            return new ModelCheck(SpeechProblem.NotAModel, $"{root} is not a Vosk model (no am/ and conf/ directories)", root);
        }

        var missing = RequiredFiles(root).Where(f => !File.Exists(Path.Combine(root, f))).ToList();
        if (missing.Count > 0)
        {
            return new ModelCheck(SpeechProblem.ModelIncomplete,
                $"Vosk model at {root} is incomplete: missing {string.Join(", ", missing)}", root);
        }

        var hasStaticGraph = File.Exists(Path.Combine(root, "graph", "HCLG.fst"));
        var problems = FileChecks(hasStaticGraph)
            .Select(check => (check.File, Error: File.Exists(Path.Combine(root, check.File)) ? check.Run(Path.Combine(root, check.File)) : null))
            .Where(r => r.Error is not null)
            .Select(r => $"{r.File} {r.Error}")
            .ToList();
        if (problems.Count > 0)
        {
            return new ModelCheck(SpeechProblem.ModelCorrupt, $"Vosk model at {root} is corrupt: {string.Join("; ", problems)}", root);
        }

        KaldiFileChecks.ConfigFile(Path.Combine(root, "conf", "mfcc.conf"), out var mfcc);
        var sampleRate = ModelCheck.KaldiDefaultSampleRate;
        if (mfcc.TryGetValue("sample-frequency", out var rate))
        {
            if (!double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || parsed < 8000 || parsed > 48000)
            {
                return new ModelCheck(SpeechProblem.ModelCorrupt,
                    $"Vosk model at {root} is corrupt: conf/mfcc.conf --sample-frequency={rate} is not an audio rate", root);
            }

            sampleRate = (int)parsed;
        }

        return new ModelCheck(SpeechProblem.None, $"model files at {root} look right", root)
        {
            SampleRate = sampleRate,
            SupportsGrammar = !hasStaticGraph,
        };
    }

    /// <summary>
    /// The acoustic model and configuration always; a decoding graph, either static (HCLG.fst) or the lookahead pair
    /// Vosk needs for phrase lists (HCLr.fst + Gr.fst + disambig_tid.int); the whole i-vector set when final.ie is
    /// there (Vosk then loads all of it); the LM's FST when a rescoring ConstArpa is there.
    /// </summary>
    private static IEnumerable<string> RequiredFiles(string root)
    {
        yield return "am/final.mdl";
        yield return "conf/mfcc.conf";
        yield return "conf/model.conf";
        if (!File.Exists(Path.Combine(root, "graph", "HCLG.fst")))
        {
            yield return "graph/HCLr.fst";
            yield return "graph/Gr.fst";
            yield return "graph/disambig_tid.int";
        }

        if (File.Exists(Path.Combine(root, "ivector", "final.ie")))
        {
            foreach (var file in new[] { "final.dubm", "final.mat", "global_cmvn.stats", "online_cmvn.conf", "splice.conf" })
            {
                yield return "ivector/" + file;
            }
        }

        if (File.Exists(Path.Combine(root, "rescore", "G.carpa")))
        {
            yield return "rescore/G.fst";
        }
    }

    private static IEnumerable<(string File, Func<string, string?> Run)> FileChecks(bool hasStaticGraph)
    {
        yield return ("am/final.mdl", p => KaldiFileChecks.KaldiObject(p, "<TransitionModel>"));
        yield return ("conf/mfcc.conf", p => KaldiFileChecks.ConfigFile(p, out _));
        yield return ("conf/model.conf", p => KaldiFileChecks.ConfigFile(p, out _));
        if (hasStaticGraph)
        {
            yield return ("graph/HCLG.fst", KaldiFileChecks.Fst);
        }
        else
        {
            yield return ("graph/HCLr.fst", KaldiFileChecks.Fst);
            yield return ("graph/Gr.fst", KaldiFileChecks.Fst);
            yield return ("graph/disambig_tid.int", KaldiFileChecks.IntegerList);
        }

        yield return ("graph/words.txt", KaldiFileChecks.SymbolTable);
        yield return ("graph/phones/word_boundary.int", KaldiFileChecks.WordBoundary);
        yield return ("ivector/final.ie", p => KaldiFileChecks.KaldiObject(p, "<IvectorExtractor>"));
        yield return ("ivector/final.dubm", p => KaldiFileChecks.KaldiObject(p, "<DiagGMM>"));
        yield return ("ivector/final.mat", p => KaldiFileChecks.KaldiObject(p, MatrixOpenings));
        yield return ("ivector/global_cmvn.stats", p => KaldiFileChecks.KaldiObject(p, MatrixOpenings));
        yield return ("ivector/online_cmvn.conf", p => KaldiFileChecks.ConfigFile(p, out _));
        yield return ("ivector/splice.conf", p => KaldiFileChecks.ConfigFile(p, out _));
        yield return ("rescore/G.carpa", p => KaldiFileChecks.KaldiObject(p, "<ConstArpaLm>"));
        yield return ("rescore/G.fst", KaldiFileChecks.Fst);
    }
}
