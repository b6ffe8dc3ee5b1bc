using System.Buffers.Binary;
using System.Text;

namespace Telephony.Media.Tests.Support;

/// <summary>Tones, WAV images and a Goertzel power measure for checking audio by content, not by size.</summary>
internal static class TestAudio
{
    public static short[] Tone(double frequency, int sampleRate, double seconds, double amplitude = 8000)
    {
        var samples = new short[(int)(sampleRate * seconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }

    /// <summary>Amplitude of the <paramref name="frequency"/> component (Goertzel), comparable to the tone's amplitude.</summary>
    public static double AmplitudeAt(ReadOnlySpan<short> samples, double frequency, int sampleRate = 8000)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0, beforePrevious = 0;
        foreach (var sample in samples)
        {
            var current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        var power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return 2 * Math.Sqrt(Math.Max(0, power)) / samples.Length;
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var sample in samples)
        {
            sum += (double)sample * sample;
        }

        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }

    public static byte[] Wav(ushort formatTag, int sampleRate, int channels, int bitsPerSample, byte[] data, bool extensible = false)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.ASCII);
        var fmtSize = extensible ? 40 : 16;
        writer.Write("RIFF"u8);
        writer.Write(4 + 8 + fmtSize + 8 + 26 + 8 + data.Length + (data.Length & 1));
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(fmtSize);
        writer.Write(extensible ? (ushort)0xFFFE : formatTag);
        writer.Write((ushort)channels);
        writer.Write(sampleRate);
        writer.Write(sampleRate * channels * bitsPerSample / 8);
        writer.Write((ushort)(channels * bitsPerSample / 8));
        writer.Write((ushort)bitsPerSample);
        if (extensible)
        {
            writer.Write((ushort)22);
            writer.Write((ushort)bitsPerSample);
            writer.Write(0);
            writer.Write(formatTag);
            writer.Write(new byte[14]);
        }

        // An odd-sized chunk the reader must skip, padding byte included.
        writer.Write("LIST"u8);
        writer.Write(25);
        writer.Write(new byte[26]);
        writer.Write("data"u8);
        writer.Write(data.Length);
        writer.Write(data);
        if ((data.Length & 1) != 0)
        {
            writer.Write((byte)0);
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static byte[] Pcm16(short[] samples, int channels = 1)
    {
        var data = new byte[samples.Length * 2 * channels];
        for (var i = 0; i < samples.Length; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(((i * channels) + c) * 2), samples[i]);
            }
        }

        return data;
    }
}
