using Telephony.Media.Rtcp;

namespace Telephony.Media.Tests.Rtcp;

/// <summary>Loss and interarrival jitter of the received stream (RFC 3550 A.3 and A.8), fed with chosen arrival times.</summary>
public class ReceptionStatisticsTests
{
    private const uint Ssrc = 0x1234;
    private const int Samples = 160; // 20 ms at 8 kHz

    [Fact]
    public void A_stream_paced_exactly_has_no_jitter_whatever_its_delay_even_across_the_rtp_timestamp_wrap()
    {
        var reception = new ReceptionStatistics();
        var timestamp = uint.MaxValue - (Samples * 10);
        for (var i = 0; i < 50; i++)
        {
            // A constant network delay of 37 units: only its variation is jitter.
            reception.OnPacket(Ssrc, (ushort)i, unchecked(timestamp + (uint)(i * Samples)), 1_000_000 + 37 + (i * Samples));
        }

        Assert.Equal(0, reception.JitterSeconds);
        Assert.Equal(0, reception.CumulativeLost);
    }

    [Fact]
    public void A_timestamp_jump_of_exactly_half_the_clock_is_jitter_not_an_exception()
    {
        // Found by fuzzing the receive path (tests/fuzz-corpus/regressions/rtp): |int.MinValue| threw OverflowException.
        var reception = new ReceptionStatistics();
        reception.OnPacket(Ssrc, 1, 0, 1_000_000);
        reception.OnPacket(Ssrc, 2, 0x8000_0000, 1_000_000);

        Assert.Equal(2147483648.0 / 16 / 8000, reception.JitterSeconds, 6);
    }

    [Fact]
    public void Every_other_packet_10_ms_late_gives_the_rfc_3550_estimate_growing_to_10_ms()
    {
        var reception = new ReceptionStatistics();
        const int Late = 80; // 10 ms

        Feed(reception, count: 2, late: Late);

        // J1 = 0 (first packet), J2 = 0 + (|D| - 0) / 16 with |D| = 80 units: 5 units = 0.625 ms.
        Assert.Equal(5.0 / 8000, reception.JitterSeconds, 12);

        Feed(reception, count: 300, late: Late, first: 2);

        // J converges to |D| = 80 units = 10 ms: J_n = 80 × (1 − (15/16)^(n−1)).
        Assert.Equal(0.010, reception.JitterSeconds, 6);
    }

    [Fact]
    public void Gaps_in_the_sequence_count_as_lost_and_a_late_packet_lowers_the_count_again()
    {
        var reception = new ReceptionStatistics();
        foreach (var sequence in new ushort[] { 0, 1, 2, 4, 5, 6, 8, 9 })
        {
            reception.OnPacket(Ssrc, sequence, (uint)(sequence * Samples), sequence * Samples);
        }

        Assert.Equal(2, reception.CumulativeLost);

        reception.OnPacket(Ssrc, 3, 3 * Samples, 10 * Samples);

        Assert.Equal(1, reception.CumulativeLost);
    }

    [Fact]
    public void The_sequence_number_wrap_is_no_loss()
    {
        var reception = new ReceptionStatistics();
        for (var i = 0; i < 20; i++)
        {
            reception.OnPacket(Ssrc, unchecked((ushort)(65530 + i)), (uint)(i * Samples), i * Samples);
        }

        Assert.Equal(0, reception.CumulativeLost);
        Assert.Equal(0x1_0000u + 13, reception.TakeReportBlock()!.Value.ExtendedHighestSequence);
    }

    [Fact]
    public void A_new_source_starts_its_own_sequence_and_keeps_the_losses_of_the_one_before()
    {
        var reception = new ReceptionStatistics();
        foreach (var sequence in new ushort[] { 10, 11, 14 })
        {
            reception.OnPacket(Ssrc, sequence, (uint)(sequence * Samples), sequence * Samples);
        }

        // A re-INVITE to another media server: new SSRC, new random sequence, one packet missing.
        foreach (var sequence in new ushort[] { 500, 502 })
        {
            reception.OnPacket(Ssrc + 1, sequence, (uint)(sequence * Samples), sequence * Samples);
        }

        Assert.Equal(3, reception.CumulativeLost);
    }

    [Fact]
    public void The_arrival_clock_does_not_overflow_after_weeks_of_uptime()
    {
        const long Nanoseconds = 1_000_000_000;
        var fourteenDays = 14L * 24 * 3600 * Nanoseconds;

        Assert.Equal(14L * 24 * 3600 * 8000, ReceptionStatistics.ClockUnits(fourteenDays, Nanoseconds));
        Assert.Equal((14L * 24 * 3600 * 8000) + 1, ReceptionStatistics.ClockUnits(fourteenDays + 125_000, Nanoseconds));
    }

    /// <summary>Packets every 20 ms, the odd ones arriving <paramref name="late"/> units late.</summary>
    private static void Feed(ReceptionStatistics reception, int count, int late, int first = 0)
    {
        for (var i = first; i < first + count; i++)
        {
            reception.OnPacket(Ssrc, (ushort)i, (uint)(i * Samples), (i * Samples) + (i % 2 == 1 ? late : 0));
        }
    }
}
