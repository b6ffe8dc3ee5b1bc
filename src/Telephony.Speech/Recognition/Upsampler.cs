namespace Telephony.Speech.Recognition;

/// <summary>
/// Doubles the sample rate (8 kHz telephone audio for a 16 kHz model) with a windowed-sinc half-band interpolator:
/// every input sample is kept and one sample is interpolated between each pair from <see cref="HalfTaps"/> neighbours
/// on each side. Used only when the model's rate is twice the line's, so an 8 kHz model is fed the audio untouched.
/// Allocation-free after construction; one instance per recognizer (it keeps the last samples between calls).
/// </summary>
internal sealed class Upsampler
{
    public const int HalfTaps = 8;

    private static readonly float[] Coefficients = BuildCoefficients();

    /// <summary>The last 2 × <see cref="HalfTaps"/> input samples, a ring; the interpolated point sits in its middle.</summary>
    private readonly float[] _history = new float[2 * HalfTaps];
    private int _newest = -1;

    /// <summary>Writes 2 × input.Length samples to <paramref name="output"/> (delayed by <see cref="HalfTaps"/> input samples).</summary>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, input.Length * 2);
        var length = _history.Length;
        var written = 0;
        foreach (var sample in input)
        {
            _newest = (_newest + 1) % length;
            _history[_newest] = sample;

            // Oldest sample at _newest + 1; the centre pair is (HalfTaps - 1, HalfTaps) counted from the oldest.
            var oldest = (_newest + 1) % length;
            var left = _history[(oldest + HalfTaps - 1) % length];
            var between = 0f;
            for (var k = 0; k < HalfTaps; k++)
            {
                between += Coefficients[k] * (_history[(oldest + HalfTaps - 1 - k) % length] + _history[(oldest + HalfTaps + k) % length]);
            }

            output[written++] = Clip(left);
            output[written++] = Clip(between);
        }

        return written;
    }

    private static short Clip(float value) => (short)Math.Clamp(MathF.Round(value), short.MinValue, short.MaxValue);

    /// <summary>sinc(k + ½) under a Blackman window, normalised so a constant signal stays constant.</summary>
    private static float[] BuildCoefficients()
    {
        var taps = new double[HalfTaps];
        for (var k = 0; k < HalfTaps; k++)
        {
            var t = k + 0.5;
            var sinc = Math.Sin(Math.PI * t) / (Math.PI * t);
            var position = (t + HalfTaps) / (2.0 * HalfTaps);
            var window = 0.42 - 0.5 * Math.Cos(2 * Math.PI * position) + 0.08 * Math.Cos(4 * Math.PI * position);
            taps[k] = sinc * window;
        }

        var sum = 2 * taps.Sum();
        return taps.Select(t => (float)(t / sum)).ToArray();
    }
}
