namespace Telephony.Media.Playback;

/// <summary>A prompt file that is not a WAV file the media layer can play.</summary>
public sealed class InvalidAudioFileException : FormatException
{
    public InvalidAudioFileException()
        : base("Invalid audio file.")
    {
    }

    public InvalidAudioFileException(string message)
        : base(message)
    {
    }

    public InvalidAudioFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
