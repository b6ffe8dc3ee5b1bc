using System.Runtime.Intrinsics;

namespace Telephony.Media.Dtmf;

/// <summary>
/// In-band DTMF detection (ITU-T Q.23 tones, Q.24 reception limits) for gateways that leave key presses in the audio.
/// Works on 8 kHz linear audio in blocks of 102 samples (12.75 ms), with one Goertzel filter per DTMF frequency.
/// A block holds a digit when exactly one tone per group stands out, both tones are loud enough, the twist is within
/// limits (high group up to 8 dB weaker, 4 dB stronger), the tones carry most of the block's energy (speech and music
/// spread theirs), and each tone is nearer its nominal frequency than 2.5% (probes at ±5% must be weaker), which
/// accepts the ±1.5% Q.24 requires and rejects ±3.5%. A digit is reported once, when its tone ends, if it lasted at
/// least three blocks (about 40 ms) and was followed by a pause of two blocks.
/// Not thread-safe: one receive path owns an instance.
/// </summary>
public sealed class DtmfToneDetector
{
    public const int BlockSamples = 102;
    private const int SampleRate = 8000;
    private const double ProbeOffset = 0.05;
    private const double MinimumAmplitude = 300;
    private const double MaxNormalTwist = 6.31; // 8 dB: power ratio low/high
    private const double MaxReverseTwist = 2.51; // 4 dB: power ratio high/low
    private const double MinimumToneShare = 0.6;
    private const double MaxRivalShare = 0.25; // other tones of a group at least 6 dB down
    private const int MinimumToneBlocks = 3;
    private const int MinimumPauseBlocks = 2;

    private static readonly double[] LowTones = [697, 770, 852, 941];
    private static readonly double[] HighTones = [1209, 1336, 1477, 1633];
    private static readonly char[,] Keys =
    {
        { '1', '2', '3', 'A' },
        { '4', '5', '6', 'B' },
        { '7', '8', '9', 'C' },
        { '*', '0', '#', 'D' },
    };

    internal static readonly double[] LowCoefficients = Coefficients(LowTones, 1);
    internal static readonly double[] HighCoefficients = Coefficients(HighTones, 1);
    private static readonly double[] LowBelow = Coefficients(LowTones, 1 - ProbeOffset);
    private static readonly double[] LowAbove = Coefficients(LowTones, 1 + ProbeOffset);
    private static readonly double[] HighBelow = Coefficients(HighTones, 1 - ProbeOffset);
    private static readonly double[] HighAbove = Coefficients(HighTones, 1 + ProbeOffset);
    private static readonly Vector256<double> LowLanes = Vector256.Create(LowCoefficients);
    private static readonly Vector256<double> HighLanes = Vector256.Create(HighCoefficients);

    private readonly short[] _block = new short[BlockSamples];
    private int _filled;
    private char _tone;
    private int _toneBlocks;
    private int _quietBlocks;

    /// <summary>Feeds audio; returns a digit whose tone ended inside these samples, or null.</summary>
    public char? Process(ReadOnlySpan<short> samples)
    {
        char? completed = null;
        while (!samples.IsEmpty)
        {
            var count = Math.Min(samples.Length, BlockSamples - _filled);
            samples[..count].CopyTo(_block.AsSpan(_filled));
            _filled += count;
            samples = samples[count..];
            if (_filled == BlockSamples)
            {
                _filled = 0;
                completed = Advance(ClassifyBlock(_block)) ?? completed;
            }
        }

        return completed;
    }

    public void Reset()
    {
        _filled = 0;
        _tone = '\0';
        _toneBlocks = 0;
        _quietBlocks = 0;
    }

    /// <summary>The digit a single block holds, or '\0'. Exposed for tests of the per-block criteria.</summary>
    internal static char ClassifyBlock(ReadOnlySpan<short> block)
    {
        double energy = 0;
        foreach (var sample in block)
        {
            energy += (double)sample * sample;
        }

        var meanSquare = energy / block.Length;
        if (meanSquare < MinimumAmplitude * MinimumAmplitude / 2)
        {
            return '\0';
        }

        Span<double> lowPowers = stackalloc double[4];
        Span<double> highPowers = stackalloc double[4];
        NominalPowers(block, lowPowers, highPowers);
        var low = Strongest(lowPowers);
        var high = Strongest(highPowers);
        if (low.Index < 0 || high.Index < 0)
        {
            return '\0';
        }

        // Goertzel power P of a sine of amplitude A over N samples is about (A·N/2)²: turn both into amplitudes.
        var scale = 2.0 / block.Length;
        var lowAmplitude2 = low.Power * scale * scale;
        var highAmplitude2 = high.Power * scale * scale;
        if (lowAmplitude2 < MinimumAmplitude * MinimumAmplitude || highAmplitude2 < MinimumAmplitude * MinimumAmplitude)
        {
            return '\0';
        }

        if (lowAmplitude2 > highAmplitude2 * MaxNormalTwist || highAmplitude2 > lowAmplitude2 * MaxReverseTwist)
        {
            return '\0';
        }

        if ((lowAmplitude2 + highAmplitude2) / 2 < meanSquare * MinimumToneShare)
        {
            return '\0';
        }

        if (!NearNominal(block, low, LowBelow, LowAbove) || !NearNominal(block, high, HighBelow, HighAbove))
        {
            return '\0';
        }

        return Keys[low.Index, high.Index];
    }

    private char? Advance(char blockDigit)
    {
        if (blockDigit != '\0' && (blockDigit == _tone || _toneBlocks == 0))
        {
            _tone = blockDigit;
            _toneBlocks++;
            _quietBlocks = 0;
            return null;
        }

        // A quiet block, or another digit without the pause Q.24 requires between two.
        _quietBlocks++;
        if (_quietBlocks < MinimumPauseBlocks && blockDigit == '\0')
        {
            return null;
        }

        var ended = _toneBlocks >= MinimumToneBlocks ? _tone : (char?)null;
        _tone = blockDigit;
        _toneBlocks = blockDigit == '\0' ? 0 : 1;
        _quietBlocks = 0;
        return ended;
    }

    /// <summary>
    /// The eight nominal filters in one pass over the block, four per vector: every block of a call that speaks or
    /// hears music passes the energy gate, and eight scalar passes were a quarter of a node's CPU with 1,000 callers in
    /// menus. Each lane does exactly <see cref="Goertzel"/>'s arithmetic in the same order, so the powers are identical.
    /// </summary>
    internal static void NominalPowers(ReadOnlySpan<short> block, Span<double> low, Span<double> high)
    {
        var lowCoefficients = LowLanes;
        var highCoefficients = HighLanes;
        Vector256<double> lowPrevious = default, lowBefore = default, highPrevious = default, highBefore = default;
        foreach (var sample in block)
        {
            var value = Vector256.Create((double)sample);
            var lowCurrent = value + (lowCoefficients * lowPrevious) - lowBefore;
            var highCurrent = value + (highCoefficients * highPrevious) - highBefore;
            lowBefore = lowPrevious;
            lowPrevious = lowCurrent;
            highBefore = highPrevious;
            highPrevious = highCurrent;
        }

        ((lowPrevious * lowPrevious) + (lowBefore * lowBefore) - (lowCoefficients * lowPrevious * lowBefore)).CopyTo(low);
        ((highPrevious * highPrevious) + (highBefore * highBefore) - (highCoefficients * highPrevious * highBefore)).CopyTo(high);
    }

    private static (int Index, double Power) Strongest(ReadOnlySpan<double> powers)
    {
        var best = -1;
        double bestPower = 0;
        for (var i = 0; i < powers.Length; i++)
        {
            if (powers[i] > bestPower)
            {
                bestPower = powers[i];
                best = i;
            }
        }

        for (var i = 0; i < powers.Length; i++)
        {
            if (i != best && powers[i] > bestPower * MaxRivalShare)
            {
                return (-1, 0);
            }
        }

        return (best, bestPower);
    }

    private static bool NearNominal(ReadOnlySpan<short> block, (int Index, double Power) tone, double[] below, double[] above) =>
        Goertzel(block, below[tone.Index]) < tone.Power && Goertzel(block, above[tone.Index]) < tone.Power;

    internal static double Goertzel(ReadOnlySpan<short> block, double coefficient)
    {
        double previous = 0, beforePrevious = 0;
        foreach (var sample in block)
        {
            var current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        return (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
    }

    private static double[] Coefficients(double[] frequencies, double factor) =>
        [.. frequencies.Select(f => 2 * Math.Cos(2 * Math.PI * f * factor / SampleRate))];
}
