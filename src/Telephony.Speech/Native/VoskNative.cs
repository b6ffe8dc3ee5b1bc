using System.Runtime.InteropServices;

namespace Telephony.Speech.Native;

/// <summary>
/// The libvosk C functions the service uses, as exported by libvosk.so 0.3.39 (checked with <c>nm -D</c>) and declared in
/// Vosk's <c>vosk_api.h</c>. Strings go in as UTF-8; the JSON strings that come back belong to the recognizer and stay
/// valid only until its next call, so <see cref="VoskRecognizerHandle"/> copies them at once (see
/// <see cref="CopyResult"/>). The library is located by <see cref="VoskLibrary"/>, which installs the import resolver.
/// </summary>
internal static partial class VoskNative
{
    public const string LibraryName = "libvosk";

    /// <summary>Below 0: no info messages (warnings and errors still go to stderr); 0: Kaldi's default (info); above: verbose.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_set_log_level")]
    public static partial void vosk_set_log_level(int logLevel);

    /// <summary>Loads a model directory; returns null on failure (the reason goes to Kaldi's log on stderr).</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_model_new", StringMarshalling = StringMarshalling.Utf8)]
    public static partial VoskModelHandle vosk_model_new(string modelPath);

    [LibraryImport(LibraryName, EntryPoint = "vosk_model_free")]
    public static partial void vosk_model_free(IntPtr model);

    /// <summary>The word's id in the model's vocabulary, or -1 when the model does not know it.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_model_find_word", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vosk_model_find_word(VoskModelHandle model, string word);

    /// <summary>A recognizer for the model's whole vocabulary.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_new")]
    public static partial VoskRecognizerHandle vosk_recognizer_new(VoskModelHandle model, float sampleRate);

    /// <summary>A recognizer restricted to a JSON array of phrases (plus "[unk]" for anything else).</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_new_grm", StringMarshalling = StringMarshalling.Utf8)]
    public static partial VoskRecognizerHandle vosk_recognizer_new_grm(VoskModelHandle model, float sampleRate, string grammar);

    /// <summary>Non-zero: results carry a "result" array of {word, conf, start, end}.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_set_words")]
    public static partial void vosk_recognizer_set_words(VoskRecognizerHandle recognizer, int words);

    /// <summary>Feeds 16-bit mono samples (<paramref name="length"/> counts samples); 1 at the end of an utterance, 0 otherwise, -1 on error.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_accept_waveform_s")]
    public static partial int vosk_recognizer_accept_waveform_s(VoskRecognizerHandle recognizer, ReadOnlySpan<short> data, int length);

    /// <summary>JSON result of the utterance that just ended; owned by the recognizer until its next call.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_result")]
    public static partial IntPtr vosk_recognizer_result(VoskRecognizerHandle recognizer);

    /// <summary>JSON {"partial": "..."} for the utterance in progress; same ownership as <see cref="vosk_recognizer_result"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_partial_result")]
    public static partial IntPtr vosk_recognizer_partial_result(VoskRecognizerHandle recognizer);

    /// <summary>Flushes the feature pipeline and returns the JSON result of whatever audio is buffered.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_final_result")]
    public static partial IntPtr vosk_recognizer_final_result(VoskRecognizerHandle recognizer);

    /// <summary>Drops the current utterance so the next audio starts a fresh one.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_reset")]
    public static partial void vosk_recognizer_reset(VoskRecognizerHandle recognizer);

    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_free")]
    public static partial void vosk_recognizer_free(IntPtr recognizer);

    /// <summary>
    /// Copies a JSON string returned by the recognizer into managed memory (UTF-8 decoded) before the next call
    /// overwrites it; a null pointer (which Vosk should not return) becomes an empty result.
    /// </summary>
    public static string CopyResult(IntPtr json) => json == IntPtr.Zero ? "{}" : Marshal.PtrToStringUTF8(json) ?? "{}";
}
