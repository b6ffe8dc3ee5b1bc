namespace Telephony.Media;

/// <summary>The narrowband codecs the media layer can send and receive (ITU-T G.711).</summary>
public enum AudioCodec
{
    /// <summary>G.711 µ-law, static RTP payload type 0.</summary>
    Pcmu,

    /// <summary>G.711 A-law, static RTP payload type 8.</summary>
    Pcma,
}
