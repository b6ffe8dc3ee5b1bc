using System.Runtime.InteropServices;

namespace Telephony.Speech.Native;

/// <summary>
/// The handful of libvosk C functions the service uses (vosk_api.h of Vosk 0.3.x). The library is
/// located by <see cref="VoskLibrary"/>, which installs the import resolver for this assembly.
/// </summary>
internal static partial class VoskNative
{
    public const string LibraryName = "libvosk";

    /// <summary>-1 silences Kaldi's logging, 0 is its default (info), higher is more verbose.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_set_log_level")]
    public static partial void vosk_set_log_level(int logLevel);

    /// <summary>Loads a model directory; returns null on failure (details go to Kaldi's log).</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_model_new", StringMarshalling = StringMarshalling.Utf8)]
    public static partial VoskModelHandle vosk_model_new(string modelPath);

    [LibraryImport(LibraryName, EntryPoint = "vosk_model_free")]
    public static partial void vosk_model_free(IntPtr model);

    /// <summary>A recognizer restricted to a JSON array of phrases (plus "[unk]" for anything else).</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_new_grm", StringMarshalling = StringMarshalling.Utf8)]
    public static partial VoskRecognizerHandle vosk_recognizer_new_grm(VoskModelHandle model, float sampleRate, string grammar);

    /// <summary>Feeds 16-bit little-endian mono PCM; returns 1 at the end of an utterance, 0 otherwise, -1 on error.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_accept_waveform")]
    public static partial int vosk_recognizer_accept_waveform(VoskRecognizerHandle recognizer, ReadOnlySpan<byte> data, int length);

    /// <summary>JSON result of the last utterance; the string belongs to the recognizer and lives until its next call.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_result")]
    public static partial IntPtr vosk_recognizer_result(VoskRecognizerHandle recognizer);

    /// <summary>JSON result of whatever audio is still buffered; same ownership as <see cref="vosk_recognizer_result"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_final_result")]
    public static partial IntPtr vosk_recognizer_final_result(VoskRecognizerHandle recognizer);

    [LibraryImport(LibraryName, EntryPoint = "vosk_recognizer_free")]
    public static partial void vosk_recognizer_free(IntPtr recognizer);
}
