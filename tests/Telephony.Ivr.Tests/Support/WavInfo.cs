using System.Buffers.Binary;
using System.Text;

namespace Telephony.Ivr.Tests;

/// <summary>Reads the format of a RIFF/WAVE file, to check what the prompt generator wrote.</summary>
internal sealed record WavInfo(int FormatTag, int Channels, int SampleRate, int BitsPerSample, int DataBytes)
{
    public TimeSpan Duration => TimeSpan.FromSeconds((double)DataBytes / (SampleRate * Channels * (BitsPerSample / 8)));

    public static WavInfo Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(bytes, 8, 4));
        int? format = null, channels = null, rate = null, bits = null, data = null;
        for (var offset = 12; offset + 8 <= bytes.Length;)
        {
            var id = Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            var body = bytes.AsSpan(offset + 8);
            if (id == "fmt ")
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
            }
            else if (id == "data")
            {
                data = size;
            }

            offset += 8 + size + (size % 2);
        }

        return new WavInfo(
            format ?? throw new InvalidDataException("no fmt chunk"),
            channels!.Value,
            rate!.Value,
            bits!.Value,
            data ?? throw new InvalidDataException("no data chunk"));
    }
}
