using Telephony.Media.Codecs;

namespace Telephony.Media.Tests.Codecs;

public class G711Tests
{
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    [InlineData(0xCE, 988)]
    [InlineData(0xEF, 132)]
    public void MuLaw_code_decodes_to_the_G711_reference_value(int code, int expected)
    {
        Assert.Equal((short)expected, MuLaw.Decode((byte)code));
    }

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    [InlineData(1000, 0xCE)]
    [InlineData(-1000, 0x4E)]
    public void MuLaw_sample_encodes_to_the_G711_reference_code(int sample, int expected)
    {
        Assert.Equal((byte)expected, MuLaw.Encode((short)sample));
    }

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    public void ALaw_code_decodes_to_the_G711_reference_value(int code, int expected)
    {
        Assert.Equal((short)expected, ALaw.Decode((byte)code));
    }

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(32767, 0xAA)]
    [InlineData(-32768, 0x2A)]
    [InlineData(1000, 0xFA)]
    [InlineData(-1000, 0x7A)]
    public void ALaw_sample_encodes_to_the_G711_reference_code(int sample, int expected)
    {
        Assert.Equal((byte)expected, ALaw.Encode((short)sample));
    }

    [Fact]
    public void Every_MuLaw_code_survives_decode_then_encode_except_negative_zero()
    {
        for (var code = 0; code < 256; code++)
        {
            var expected = code == 0x7F ? 0xFF : code; // 0x7F is "-0", which has no linear value of its own
            Assert.Equal((byte)expected, MuLaw.Encode(MuLaw.Decode((byte)code)));
        }
    }

    [Fact]
    public void Every_ALaw_code_survives_decode_then_encode()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.Equal((byte)code, ALaw.Encode(ALaw.Decode((byte)code)));
        }
    }

    [Theory]
    [InlineData(AudioCodec.Pcmu)]
    [InlineData(AudioCodec.Pcma)]
    public void Quantisation_error_stays_within_the_segment_step_for_every_16_bit_sample(AudioCodec codec)
    {
        Span<short> sample = stackalloc short[1];
        Span<byte> code = stackalloc byte[1];
        Span<short> back = stackalloc short[1];
        for (int value = -32000; value <= 32000; value++)
        {
            sample[0] = (short)value;
            G711.Encode(codec, sample, code);
            G711.Decode(codec, code, back);
            var error = Math.Abs(back[0] - value);
            Assert.True(error <= (Math.Abs(value) / 16) + 16, $"{codec} {value} -> {back[0]}");
        }
    }

    [Fact]
    public void Span_versions_match_the_scalar_versions_and_check_lengths()
    {
        short[] samples = [0, 1, -1, 500, -500, 12345, -12345, short.MaxValue, short.MinValue];
        var mu = new byte[samples.Length];
        var a = new byte[samples.Length];
        MuLaw.Encode(samples, mu);
        ALaw.Encode(samples, a);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(MuLaw.Encode(samples[i]), mu[i]);
            Assert.Equal(ALaw.Encode(samples[i]), a[i]);
        }

        Assert.Throws<ArgumentException>(() => MuLaw.Encode(samples, new byte[2]));
        Assert.Throws<ArgumentException>(() => ALaw.Decode(a, new short[2]));
    }

    [Fact]
    public void Silence_codes_decode_to_near_zero()
    {
        Assert.Equal(0, MuLaw.Decode(G711.SilenceCode(AudioCodec.Pcmu)));
        Assert.InRange(ALaw.Decode(G711.SilenceCode(AudioCodec.Pcma)), -8, 8);
    }
}
