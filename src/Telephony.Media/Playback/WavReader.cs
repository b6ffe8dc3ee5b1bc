using System.Buffers.Binary;
using Telephony.Media.Codecs;

namespace Telephony.Media.Playback;

/// <summary>Reads a RIFF/WAVE image into mono 16-bit samples at the file's own rate.</summary>
internal static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatALaw = 6;
    private const ushort FormatMuLaw = 7;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>An hour of 48 kHz stereo 32-bit audio; larger claims are hostile or mistakes.</summary>
    private const long MaxDataBytes = 48_000L * 2 * 4 * 3600;

    public readonly record struct Decoded(short[] Samples, int SampleRate);

    public static Decoded Read(ReadOnlySpan<byte> wav, string source)
    {
        if (wav.Length < 12 || !wav[..4].SequenceEqual("RIFF"u8) || !wav.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw Invalid(source, "not a RIFF/WAVE file");
        }

        Format? format = null;
        var offset = 12;
        while (offset + 8 <= wav.Length)
        {
            var id = wav.Slice(offset, 4);
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(wav[(offset + 4)..]);
            var body = offset + 8;
            var available = wav.Length - body;
            if (id.SequenceEqual("fmt "u8))
            {
                if (declared > (uint)available)
                {
                    throw Invalid(source, "fmt chunk is cut off");
                }

                format = ReadFormat(wav.Slice(body, (int)declared), source);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw Invalid(source, "data chunk comes before the fmt chunk");
                }

                // Streaming writers leave the size at 0 or 0xFFFFFFFF; the data then runs to the end of the file.
                var length = declared == 0 || declared > (uint)available ? available : (int)declared;
                return Decode(wav.Slice(body, length), format.Value, source);
            }

            if (declared > MaxDataBytes || declared > (uint)available)
            {
                break;
            }

            offset = body + (int)declared + (int)(declared & 1);
        }

        throw Invalid(source, format is null ? "no fmt chunk" : "no data chunk");
    }

    private static Format ReadFormat(ReadOnlySpan<byte> chunk, string source)
    {
        if (chunk.Length < 16)
        {
            throw Invalid(source, "fmt chunk shorter than 16 bytes");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (tag == FormatExtensible)
        {
            // WAVE_FORMAT_EXTENSIBLE: the real format tag is the first two bytes of the sub-format GUID.
            if (chunk.Length < 26)
            {
                throw Invalid(source, "extensible fmt chunk is cut off");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
        }

        if (channels is 0 or > 8)
        {
            throw Invalid(source, $"{channels} channels");
        }

        if (rate is < 4000 or > 192_000)
        {
            throw Invalid(source, $"sample rate {rate} Hz outside 4000-192000");
        }

        var supported = tag switch
        {
            FormatPcm => bits is 8 or 16 or 24 or 32,
            FormatFloat => bits == 32,
            FormatALaw or FormatMuLaw => bits == 8,
            _ => false,
        };
        if (!supported)
        {
            throw Invalid(source, $"unsupported encoding (format tag {tag}, {bits} bits); use PCM, float, µ-law or A-law");
        }

        return new Format(tag, channels, (int)rate, bits / 8);
    }

    private static Decoded Decode(ReadOnlySpan<byte> data, Format format, string source)
    {
        var frameSize = format.Channels * format.BytesPerSample;
        var frames = data.Length / frameSize;
        if (frames == 0)
        {
            throw Invalid(source, "no audio samples");
        }

        var samples = new short[frames];
        for (var frame = 0; frame < frames; frame++)
        {
            var sum = 0;
            for (var channel = 0; channel < format.Channels; channel++)
            {
                sum += ReadSample(data.Slice((frame * frameSize) + (channel * format.BytesPerSample), format.BytesPerSample), format.Tag);
            }

            samples[frame] = (short)(sum / format.Channels);
        }

        return new Decoded(samples, format.SampleRate);
    }

    private static short ReadSample(ReadOnlySpan<byte> bytes, ushort tag)
    {
        switch (tag)
        {
            case FormatALaw:
                return ALaw.Decode(bytes[0]);
            case FormatMuLaw:
                return MuLaw.Decode(bytes[0]);
            case FormatFloat:
                var value = BinaryPrimitives.ReadSingleLittleEndian(bytes);
                return float.IsFinite(value) ? (short)Math.Clamp(value * 32767f, -32768f, 32767f) : (short)0;
            default:
                // PCM: 8-bit is unsigned; wider samples are signed little-endian, of which we keep the top 16 bits.
                return bytes.Length switch
                {
                    1 => (short)((bytes[0] - 128) << 8),
                    2 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
                    3 => (short)(bytes[1] | (bytes[2] << 8)),
                    _ => (short)(BinaryPrimitives.ReadInt32LittleEndian(bytes) >> 16),
                };
        }
    }

    private static InvalidAudioFileException Invalid(string source, string reason) =>
        new($"Prompt '{source}' is not a playable WAV file: {reason}.");

    private readonly record struct Format(ushort Tag, int Channels, int SampleRate, int BytesPerSample);
}
