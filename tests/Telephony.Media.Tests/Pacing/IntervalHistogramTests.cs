using System.Diagnostics;
using Telephony.Media.Pacing;

namespace Telephony.Media.Tests.Pacing;

public class IntervalHistogramTests
{
    private static long Ms(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);

    [Fact]
    public void Percentiles_report_the_deviation_from_the_nominal_interval_early_or_late()
    {
        var histogram = new IntervalHistogram();
        for (var i = 0; i < 98; i++)
        {
            histogram.Record(Ms(20.2), Ms(20));
        }

        histogram.Record(Ms(17), Ms(20));
        histogram.Record(Ms(30), Ms(20));

        Assert.Equal(100, histogram.Count);
        Assert.InRange(histogram.Percentile(0.5).TotalMilliseconds, 0.2, 0.26);
        Assert.InRange(histogram.Percentile(0.99).TotalMilliseconds, 3, 3.06);
        Assert.InRange(histogram.Max.TotalMilliseconds, 10, 10.06);

        histogram.Reset();
        Assert.Equal(0, histogram.Count);
        Assert.Equal(TimeSpan.Zero, histogram.Percentile(0.99));
    }

    [Fact]
    public void Deviations_beyond_the_last_bucket_are_kept_in_the_overflow_bucket()
    {
        var histogram = new IntervalHistogram();
        histogram.Record(Ms(500), Ms(20));

        Assert.True(histogram.Max.TotalMilliseconds > 50);
    }
}
