namespace Telephony.Media.Codecs;

/// <summary>Picks µ-law or A-law by <see cref="AudioCodec"/>, so callers hold one codec value instead of branching.</summary>
public static class G711
{
    public const int SampleRate = 8000;

    /// <summary>The static RTP payload type of a codec (RFC 3551).</summary>
    public static int StaticPayloadType(AudioCodec codec) => codec == AudioCodec.Pcmu ? 0 : 8;

    /// <summary>The rtpmap encoding name of a codec.</summary>
    public static string EncodingNameOf(AudioCodec codec) => codec == AudioCodec.Pcmu ? "PCMU" : "PCMA";

    public static byte SilenceCode(AudioCodec codec) => codec == AudioCodec.Pcmu ? MuLaw.Silence : ALaw.Silence;

    public static void Encode(AudioCodec codec, ReadOnlySpan<short> samples, Span<byte> destination)
    {
        if (codec == AudioCodec.Pcmu)
        {
            MuLaw.Encode(samples, destination);
        }
        else
        {
            ALaw.Encode(samples, destination);
        }
    }

    public static void Decode(AudioCodec codec, ReadOnlySpan<byte> codes, Span<short> destination)
    {
        if (codec == AudioCodec.Pcmu)
        {
            MuLaw.Decode(codes, destination);
        }
        else
        {
            ALaw.Decode(codes, destination);
        }
    }
}
