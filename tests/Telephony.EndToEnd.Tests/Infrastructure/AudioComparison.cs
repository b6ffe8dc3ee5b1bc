using System.Buffers.Binary;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Checks that audio heard on the wire is the prompt it claims to be, by comparing loudness envelopes
/// (20 ms frames, in dB): robust to G.711 quantisation, strict about words and pauses being in the right place.
/// The G.711 decoding here is written from the ITU-T tables independently of the server's codec.
/// </summary>
public static class AudioComparison
{
    private const int FrameSamples = 160;

    public static short[] DecodeALaw(IEnumerable<byte[]> payloads) =>
        payloads.SelectMany(p => p).Select(ALawToLinear).ToArray();

    /// <summary>Reads the samples of a 16-bit PCM mono WAV file (the shipped prompts are 8 kHz).</summary>
    public static short[] ReadPcm16Wav(string path)
    {
        var bytes = File.ReadAllBytes(path);
        for (var offset = 12; offset + 8 <= bytes.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "data")
            {
                var data = bytes.AsSpan(offset + 8, Math.Min(size, bytes.Length - offset - 8));
                var samples = new short[data.Length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]);
                }

                return samples;
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }

    /// <summary>
    /// The best Pearson correlation of the prompt's envelope against the heard audio's envelope, over every
    /// alignment, with the offset (in frames) where it is found.
    /// </summary>
    public static (double Correlation, int OffsetFrames) BestEnvelopeMatch(short[] heard, short[] prompt)
    {
        var heardEnvelope = Envelope(heard);
        var promptEnvelope = Envelope(prompt);
        var best = (Correlation: double.MinValue, OffsetFrames: -1);
        for (var offset = 0; offset + promptEnvelope.Length <= heardEnvelope.Length; offset++)
        {
            var r = Pearson(heardEnvelope.AsSpan(offset, promptEnvelope.Length), promptEnvelope);
            if (r > best.Correlation)
            {
                best = (r, offset);
            }
        }

        return best;
    }

    private static double[] Envelope(short[] samples)
    {
        var frames = new double[samples.Length / FrameSamples];
        for (var f = 0; f < frames.Length; f++)
        {
            double energy = 0;
            for (var i = f * FrameSamples; i < (f + 1) * FrameSamples; i++)
            {
                energy += (double)samples[i] * samples[i];
            }

            frames[f] = 10 * Math.Log10((energy / FrameSamples) + 1);
        }

        return frames;
    }

    private static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double meanA = 0, meanB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }

        meanA /= a.Length;
        meanB /= b.Length;
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }

        return varianceA == 0 || varianceB == 0 ? 0 : covariance / Math.Sqrt(varianceA * varianceB);
    }

    /// <summary>ITU-T G.711 A-law expansion: invert even bits, then sign, 3-bit segment, 4-bit mantissa.</summary>
    private static short ALawToLinear(byte code)
    {
        var value = code ^ 0x55;
        var segment = (value >> 4) & 0x07;
        var mantissa = value & 0x0F;
        var magnitude = segment == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (segment - 1);
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }
}
