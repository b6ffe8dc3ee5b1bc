namespace Telephony.Media.Playback;

/// <summary>
/// Windowed-sinc sample-rate conversion, done once when a prompt is loaded. The low-pass cutoff sits just below the
/// lower Nyquist frequency so that 44.1 kHz music does not fold its treble into the telephone band as noise.
/// </summary>
internal static class Resampler
{
    /// <summary>Zero crossings of the sinc on each side: enough for ~60 dB stop band with the Blackman window.</summary>
    private const int HalfWidthInZeroCrossings = 12;
    private const double CutoffFraction = 0.92;

    public static short[] Resample(short[] input, int inputRate, int outputRate)
    {
        if (inputRate == outputRate)
        {
            return input;
        }

        var outputLength = (int)((long)input.Length * outputRate / inputRate);
        var output = new short[outputLength];
        var step = (double)inputRate / outputRate;

        // Cutoff as a fraction of the input rate; downsampling must stop at the output's Nyquist frequency.
        var cutoff = CutoffFraction * 0.5 * Math.Min(1.0, (double)outputRate / inputRate);
        var halfWidth = HalfWidthInZeroCrossings / (2 * cutoff);
        for (var n = 0; n < outputLength; n++)
        {
            var center = n * step;
            var first = Math.Max(0, (int)Math.Ceiling(center - halfWidth));
            var last = Math.Min(input.Length - 1, (int)Math.Floor(center + halfWidth));
            double sum = 0;
            for (var k = first; k <= last; k++)
            {
                var distance = k - center;
                sum += input[k] * Kernel(distance, cutoff, halfWidth);
            }

            output[n] = (short)Math.Clamp(Math.Round(sum), short.MinValue, short.MaxValue);
        }

        return output;
    }

    private static double Kernel(double distance, double cutoff, double halfWidth)
    {
        var x = 2 * cutoff * distance;
        var sinc = x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
        var phase = Math.PI * (distance + halfWidth) / halfWidth;
        var blackman = 0.42 - (0.5 * Math.Cos(phase)) + (0.08 * Math.Cos(2 * phase));
        return 2 * cutoff * sinc * blackman;
    }
}
