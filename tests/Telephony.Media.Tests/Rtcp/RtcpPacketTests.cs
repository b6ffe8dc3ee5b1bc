using Telephony.Media.Rtcp;

namespace Telephony.Media.Tests.Rtcp;

public class RtcpPacketTests
{
    private static readonly RtcpReportBlock Block = new(0xCAFE, 64, -3, 0x0001_0005, 120, 0x1234_5678, 65536);

    private static byte[] SenderReportWithSdesAndBye()
    {
        var buffer = new byte[256];
        var length = RtcpWriter.WriteSenderReport(buffer, 0xABCD, 0x1122_3344_5566_7788, 16000, 50, 8000, Block);
        length += RtcpWriter.WriteSourceDescription(buffer.AsSpan(length), 0xABCD, "ivr@example");
        length += RtcpWriter.WriteGoodbye(buffer.AsSpan(length), 0xABCD);
        return buffer[..length];
    }

    [Fact]
    public void Sender_report_with_a_block_sdes_and_bye_reads_back_every_field()
    {
        Assert.True(RtcpReader.TryRead(SenderReportWithSdesAndBye(), out var summary, out var error), error);

        Assert.Equal(0xABCDu, summary.SenderSsrc);
        Assert.True(summary.HasSenderReport);
        Assert.Equal(0x1122_3344_5566_7788ul, summary.NtpTimestamp);
        Assert.Equal(16000u, summary.RtpTimestamp);
        Assert.Equal(50u, summary.SenderPacketCount);
        Assert.Equal(8000u, summary.SenderOctetCount);
        Assert.Equal(Block, summary.FirstReportBlock);
        Assert.True(summary.HasBye);
        Assert.Equal(0xABCDu, summary.ByeSsrc);
    }

    [Fact]
    public void Receiver_report_without_blocks_is_valid_and_says_no_bye()
    {
        var buffer = new byte[8];
        RtcpWriter.WriteReceiverReport(buffer, 7, null);

        Assert.True(RtcpReader.TryRead(buffer, out var summary));
        Assert.Equal(7u, summary.SenderSsrc);
        Assert.False(summary.HasSenderReport);
        Assert.Null(summary.FirstReportBlock);
        Assert.False(summary.HasBye);
    }

    [Fact]
    public void Every_truncation_of_a_valid_compound_is_rejected_without_exception()
    {
        var valid = SenderReportWithSdesAndBye();
        for (var length = 0; length < valid.Length; length++)
        {
            // Cuts on a packet boundary are valid shorter compounds; everything else must be refused.
            var accepted = RtcpReader.TryRead(valid.AsSpan(0, length), out _);
            Assert.Equal(length is 52 or 76, accepted);
        }
    }

    [Fact]
    public void Wrong_version_first_packet_not_a_report_and_lengths_past_the_end_are_rejected()
    {
        var valid = SenderReportWithSdesAndBye();

        var version1 = (byte[])valid.Clone();
        version1[0] = (byte)((version1[0] & 0x3F) | 0x40);
        Assert.False(RtcpReader.TryRead(version1, out _, out var error));
        Assert.Contains("version", error, StringComparison.Ordinal);

        var byeFirst = new byte[8];
        RtcpWriter.WriteGoodbye(byeFirst, 1);
        Assert.False(RtcpReader.TryRead(byeFirst, out _));

        var hugeLength = (byte[])valid.Clone();
        hugeLength[2] = 0xFF;
        hugeLength[3] = 0xFF;
        Assert.False(RtcpReader.TryRead(hugeLength, out _));

        var tooManyBlocks = (byte[])valid.Clone();
        tooManyBlocks[0] = 0x80 | 31;
        Assert.False(RtcpReader.TryRead(tooManyBlocks, out _));
    }

    [Fact]
    public void Padding_is_refused_on_a_middle_packet_and_when_its_count_is_zero_or_too_big()
    {
        var valid = SenderReportWithSdesAndBye();
        var paddedFirst = (byte[])valid.Clone();
        paddedFirst[0] |= 0x20;
        Assert.False(RtcpReader.TryRead(paddedFirst, out _));

        var rr = new byte[12];
        RtcpWriter.WriteReceiverReport(rr, 9, null);
        rr[0] |= 0x20;
        rr[3] = 2;
        foreach (var count in new byte[] { 0, 9 })
        {
            rr[11] = count;
            Assert.False(RtcpReader.TryRead(rr, out _));
        }

        rr[11] = 4;
        Assert.True(RtcpReader.TryRead(rr, out var summary));
        Assert.Equal(9u, summary.SenderSsrc);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(4733);
        var buffer = new byte[80];
        for (var i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            buffer[1] = (byte)(i % 2 == 0 ? 200 : 201);
            _ = RtcpReader.TryRead(buffer.AsSpan(0, random.Next(buffer.Length)), out _);
        }
    }

    [Fact]
    public void Negative_cumulative_loss_survives_the_24_bit_field_and_ntp_time_counts_from_1900()
    {
        var buffer = new byte[32];
        RtcpWriter.WriteReceiverReport(buffer, 1, Block with { CumulativeLost = -0x800000 });
        Assert.True(RtcpReader.TryRead(buffer, out var summary));
        Assert.Equal(-0x800000, summary.FirstReportBlock!.Value.CumulativeLost);

        var ntp = RtcpWriter.ToNtp(new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(2_208_988_800ul, ntp >> 32);
        Assert.Equal(0ul, ntp & 0xFFFF_FFFF);
    }
}
