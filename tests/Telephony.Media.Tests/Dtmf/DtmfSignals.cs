namespace Telephony.Media.Tests.Dtmf;

/// <summary>Generated test signals: DTMF pairs with chosen offsets, levels and durations, noise and speech-like audio.</summary>
internal static class DtmfSignals
{
    public static readonly string AllKeys = "123A456B789C*0#D";

    public static (double Low, double High) Frequencies(char key)
    {
        var index = AllKeys.IndexOf(key, StringComparison.Ordinal);
        double[] low = [697, 770, 852, 941];
        double[] high = [1209, 1336, 1477, 1633];
        return (low[index / 4], high[index % 4]);
    }

    /// <summary>
    /// A key press: two sines at <paramref name="offset"/> (e.g. 0.015 = +1.5%) from nominal, the low tone at
    /// <paramref name="lowAmplitude"/> and the high tone <paramref name="twistDb"/> dB below it (negative: above).
    /// </summary>
    public static short[] Key(char key, double milliseconds, double offset = 0, double lowAmplitude = 6000, double twistDb = 0, double phase = 0)
    {
        var (low, high) = Frequencies(key);
        var highAmplitude = lowAmplitude * Math.Pow(10, -twistDb / 20);
        var samples = new short[(int)(milliseconds * 8)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / 8000.0;
            samples[i] = (short)Math.Round(
                (lowAmplitude * Math.Sin((2 * Math.PI * low * (1 + offset) * t) + phase)) +
                (highAmplitude * Math.Sin((2 * Math.PI * high * (1 + offset) * t) + (2 * phase))));
        }

        return samples;
    }

    public static short[] Silence(double milliseconds) => new short[(int)(milliseconds * 8)];

    public static short[] Concat(params short[][] parts) => [.. parts.SelectMany(p => p)];

    public static short[] WithNoise(short[] samples, double noiseAmplitude, int seed)
    {
        var random = new Random(seed);
        return [.. samples.Select(s => (short)Math.Clamp(s + ((random.NextDouble() * 2) - 1) * noiseAmplitude, short.MinValue, short.MaxValue))];
    }

    /// <summary>
    /// Voiced speech imitation: a gliding pitch (90-260 Hz) with 30 harmonics shaped by two moving formants, syllable
    /// envelopes and breath noise. Its harmonics cross every DTMF frequency, which is what makes real speech "talk off".
    /// </summary>
    public static short[] SpeechLike(double seconds, int seed)
    {
        var random = new Random(seed);
        var samples = new short[(int)(seconds * 8000)];
        var phase = 0.0;
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / 8000.0;
            var pitch = 175 + (85 * Math.Sin(2 * Math.PI * 1.3 * t)) + (20 * Math.Sin(2 * Math.PI * 7 * t));
            phase += 2 * Math.PI * pitch / 8000;
            var formant1 = 500 + (300 * Math.Sin(2 * Math.PI * 2.1 * t));
            var formant2 = 1500 + (600 * Math.Sin(2 * Math.PI * 1.7 * t));
            double value = 0;
            for (var h = 1; h <= 30; h++)
            {
                var frequency = h * pitch;
                if (frequency > 3800)
                {
                    break;
                }

                var gain = Math.Exp(-Math.Pow((frequency - formant1) / 150, 2)) + (0.7 * Math.Exp(-Math.Pow((frequency - formant2) / 200, 2))) + 0.05;
                value += gain * Math.Sin(h * phase);
            }

            var syllable = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 4 * t));
            samples[i] = (short)Math.Clamp((value * 3000 * syllable) + (random.NextDouble() - 0.5) * 600, short.MinValue, short.MaxValue);
        }

        return samples;
    }
}
