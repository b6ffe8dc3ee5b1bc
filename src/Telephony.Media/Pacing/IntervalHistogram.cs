using System.Diagnostics;

namespace Telephony.Media.Pacing;

/// <summary>
/// A fixed-bucket histogram of how far packet send intervals stray from their nominal length (0.05 ms buckets up to
/// 50 ms, then one overflow bucket). Recording is one subtraction and one interlocked increment, cheap enough for
/// every packet of every call; readers take percentiles from a snapshot at any time.
/// </summary>
public sealed class IntervalHistogram
{
    private const double BucketMs = 0.05;
    private const int Buckets = 1000;

    private readonly long[] _counts = new long[Buckets + 1];
    private readonly long _ticksPerBucket = Math.Max(1, (long)(Stopwatch.Frequency * BucketMs / 1000));

    /// <summary>Records one interval: |actual - nominal|, both in <see cref="Stopwatch"/> ticks.</summary>
    public void Record(long actualTicks, long nominalTicks)
    {
        var bucket = Math.Abs(actualTicks - nominalTicks) / _ticksPerBucket;
        Interlocked.Increment(ref _counts[Math.Min(bucket, Buckets)]);
    }

    public long Count
    {
        get
        {
            long total = 0;
            foreach (ref var count in _counts.AsSpan())
            {
                total += Volatile.Read(ref count);
            }

            return total;
        }
    }

    /// <summary>The deviation below which <paramref name="fraction"/> of the recorded intervals fall (upper bucket edge).</summary>
    public TimeSpan Percentile(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        var snapshot = _counts.Select(c => Volatile.Read(ref c)).ToArray();
        var total = snapshot.Sum();
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var wanted = (long)Math.Ceiling(total * fraction);
        long seen = 0;
        for (var i = 0; i < snapshot.Length; i++)
        {
            seen += snapshot[i];
            if (seen >= wanted && seen > 0)
            {
                return TimeSpan.FromMilliseconds((i + 1) * BucketMs);
            }
        }

        return TimeSpan.FromMilliseconds((Buckets + 1) * BucketMs);
    }

    /// <summary>The largest deviation seen (upper bucket edge), or zero.</summary>
    public TimeSpan Max
    {
        get
        {
            for (var i = _counts.Length - 1; i >= 0; i--)
            {
                if (Volatile.Read(ref _counts[i]) > 0)
                {
                    return TimeSpan.FromMilliseconds((i + 1) * BucketMs);
                }
            }

            return TimeSpan.Zero;
        }
    }

    public void Reset()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Volatile.Write(ref _counts[i], 0);
        }
    }
}
