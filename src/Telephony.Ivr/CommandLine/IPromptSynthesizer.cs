namespace Telephony.Ivr;

/// <summary>Turns a prompt's text into a telephony WAV file (8 kHz, mono, 16-bit PCM).</summary>
public interface IPromptSynthesizer
{
    /// <exception cref="PromptGenerationException">When the text could not be turned into audio.</exception>
    void Synthesize(string text, string locale, string outputWavPath);
}

/// <summary>A prompt could not be generated (tool missing, tool failed).</summary>
public sealed class PromptGenerationException(string message, Exception? inner = null) : Exception(message, inner);
