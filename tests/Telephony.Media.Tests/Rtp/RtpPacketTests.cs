using Telephony.Media.Rtp;

namespace Telephony.Media.Tests.Rtp;

public class RtpPacketTests
{
    [Fact]
    public void Written_packet_parses_back_with_the_same_fields()
    {
        var buffer = new byte[64];
        byte[] payload = [1, 2, 3, 4, 5];
        var length = RtpPacket.Write(buffer, new RtpHeaderFields(true, 8, 65535, 0xDEADBEEF, 0x01020304), [0xAABBCCDD, 7], payload);

        var packet = RtpPacket.Parse(buffer.AsSpan(0, length));

        Assert.Equal(12 + 8 + 5, length);
        Assert.True(packet.Marker);
        Assert.Equal(8, packet.PayloadType);
        Assert.Equal(65535, packet.SequenceNumber);
        Assert.Equal(0xDEADBEEF, packet.Timestamp);
        Assert.Equal(0x01020304u, packet.Ssrc);
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(0xAABBCCDDu, packet.GetCsrc(0));
        Assert.Equal(7u, packet.GetCsrc(1));
        Assert.Equal(payload, packet.Payload.ToArray());
    }

    [Fact]
    public void Header_extension_and_padding_are_skipped_to_find_the_payload()
    {
        byte[] datagram =
        [
            0xB0, 0x00, 0x00, 0x01, 0, 0, 0, 160, 0, 0, 0, 9, // V=2, P=1, X=1
            0xBE, 0xDE, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44,   // extension: profile 0xBEDE, one word
            0x7F, 0x7F,                                       // payload
            0x00, 0x00, 0x03,                                 // 3 bytes of padding
        ];

        var packet = RtpPacket.Parse(datagram);

        Assert.True(packet.HasExtension);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal([0x11, 0x22, 0x33, 0x44], packet.ExtensionData.ToArray());
        Assert.Equal(3, packet.PaddingLength);
        Assert.Equal([0x7F, 0x7F], packet.Payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 })]                       // 11 bytes
    [InlineData(new byte[] { 0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 })]                    // version 1
    [InlineData(new byte[] { 0x8F, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 })]        // 15 CSRCs announced, 1 present
    [InlineData(new byte[] { 0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 })]              // extension header cut off
    [InlineData(new byte[] { 0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xFF, 0xFF })]  // extension longer than packet
    [InlineData(new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5, 0 })]              // padding count 0
    [InlineData(new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5, 200 })]            // padding longer than packet
    public void Hostile_datagrams_are_refused_without_throwing_out_of_range(byte[] datagram)
    {
        Assert.False(RtpPacket.TryParse(datagram, out _));
        Assert.Throws<RtpFormatException>(() => RtpPacket.Parse(datagram));
    }

    [Fact]
    public void Random_datagrams_never_crash_the_parser()
    {
        var random = new Random(3550);
        var buffer = new byte[80];
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer);
            buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80); // mostly version 2, to reach the deeper checks
            if (RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet))
            {
                Assert.InRange(packet.Payload.Length, 0, length - 12);
                for (var c = 0; c < packet.CsrcCount; c++)
                {
                    _ = packet.GetCsrc(c);
                }
            }
        }
    }

    [Fact]
    public void Writing_refuses_buffers_too_small_and_payload_types_over_127()
    {
        Assert.Throws<ArgumentException>(() => RtpPacket.WriteHeader(new byte[11], default));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpPacket.WriteHeader(new byte[12], new RtpHeaderFields(false, 128, 0, 0, 0)));
        Assert.Throws<ArgumentException>(() => RtpPacket.Write(new byte[20], default, [], new byte[10]));
    }
}
