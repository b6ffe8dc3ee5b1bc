using Telephony.Media.Dtmf;

namespace Telephony.Media.Tests.Dtmf;

public class DtmfToneDetectorTests
{
    private static string Detect(short[] audio, int chunk = 160)
    {
        var detector = new DtmfToneDetector();
        var digits = new List<char>();
        for (var offset = 0; offset < audio.Length; offset += chunk)
        {
            if (detector.Process(audio.AsSpan(offset, Math.Min(chunk, audio.Length - offset))) is { } digit)
            {
                digits.Add(digit);
            }
        }

        return new string([.. digits]);
    }

    private static string Press(char key, double ms = 80, double offset = 0, double amplitude = 6000, double twistDb = 0) =>
        Detect(DtmfSignals.Concat(DtmfSignals.Silence(30), DtmfSignals.Key(key, ms, offset, amplitude, twistDb), DtmfSignals.Silence(60)));

    [Fact]
    public void Every_key_at_its_nominal_frequencies_is_detected_once()
    {
        foreach (var key in DtmfSignals.AllKeys)
        {
            Assert.Equal(key.ToString(), Press(key));
        }
    }

    [Theory]
    [InlineData(0.015)]
    [InlineData(-0.015)]
    public void Every_key_off_by_1_5_percent_is_still_detected_as_Q24_requires(double offset)
    {
        foreach (var key in DtmfSignals.AllKeys)
        {
            Assert.Equal(key.ToString(), Press(key, offset: offset));
        }
    }

    [Theory]
    [InlineData(0.035)]
    [InlineData(-0.035)]
    public void No_key_off_by_3_5_percent_is_detected(double offset)
    {
        foreach (var key in DtmfSignals.AllKeys)
        {
            Assert.Equal(string.Empty, Press(key, offset: offset));
        }
    }

    [Theory]
    [InlineData(7, "5")]
    [InlineData(10, "")]
    [InlineData(-3, "5")]
    [InlineData(-6, "")]
    public void Twist_is_accepted_up_to_8_dB_normal_and_4_dB_reverse(double twistDb, string expected)
    {
        Assert.Equal(expected, Press('5', twistDb: twistDb));
    }

    [Theory]
    [InlineData(45, "9")]
    [InlineData(20, "")]
    public void Presses_of_45_ms_count_and_blips_of_20_ms_do_not(double milliseconds, string expected)
    {
        // Several alignments of the tone against the detector's blocks.
        for (var lead = 0; lead < 102; lead += 17)
        {
            var audio = DtmfSignals.Concat(new short[lead], DtmfSignals.Key('9', milliseconds), DtmfSignals.Silence(60));
            Assert.Equal(expected, Detect(audio));
        }
    }

    [Fact]
    public void Two_presses_with_a_40_ms_pause_are_two_digits_and_a_5_ms_dropout_does_not_split_one()
    {
        var twoPresses = DtmfSignals.Concat(DtmfSignals.Key('1', 70), DtmfSignals.Silence(40), DtmfSignals.Key('1', 70), DtmfSignals.Silence(60));
        Assert.Equal("11", Detect(twoPresses));

        var dropout = DtmfSignals.Concat(DtmfSignals.Key('4', 60), DtmfSignals.Silence(5), DtmfSignals.Key('4', 60), DtmfSignals.Silence(60));
        Assert.Equal("4", Detect(dropout));
    }

    [Fact]
    public void Quiet_tones_and_tones_buried_in_noise_are_ignored_but_tones_with_some_noise_are_found()
    {
        Assert.Equal(string.Empty, Press('2', amplitude: 150));

        var noisy = DtmfSignals.WithNoise(DtmfSignals.Concat(DtmfSignals.Silence(30), DtmfSignals.Key('#', 100), DtmfSignals.Silence(60)), 1500, 7);
        Assert.Equal("#", Detect(noisy));

        var buried = DtmfSignals.WithNoise(DtmfSignals.Concat(DtmfSignals.Silence(30), DtmfSignals.Key('#', 100, lowAmplitude: 1500), DtmfSignals.Silence(60)), 12000, 7);
        Assert.Equal(string.Empty, Detect(buried));
    }

    [Fact]
    public void Speech_like_audio_and_white_noise_never_produce_a_digit()
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            Assert.Equal(string.Empty, Detect(DtmfSignals.SpeechLike(10, seed)));
            Assert.Equal(string.Empty, Detect(DtmfSignals.WithNoise(DtmfSignals.Silence(5000), 8000, seed)));
        }
    }

    [Fact]
    public void Digit_inside_speech_is_found()
    {
        var speech = DtmfSignals.SpeechLike(2, 11);
        var press = DtmfSignals.Key('7', 100, lowAmplitude: 8000);
        var audio = DtmfSignals.Concat(speech[..8000], DtmfSignals.Silence(50), press, DtmfSignals.Silence(50), speech[8000..]);

        Assert.Equal("7", Detect(audio));
    }

    [Fact]
    public void The_one_pass_filters_give_exactly_the_powers_of_eight_separate_passes()
    {
        var blocks = new[]
        {
            DtmfSignals.SpeechLike(1, 3),
            DtmfSignals.WithNoise(DtmfSignals.Silence(200), 12000, 5),
            DtmfSignals.Key('9', 200, lowAmplitude: 20000),
        };
        Span<double> low = stackalloc double[4];
        Span<double> high = stackalloc double[4];
        foreach (var audio in blocks)
        {
            for (var offset = 0; offset + DtmfToneDetector.BlockSamples <= audio.Length; offset += DtmfToneDetector.BlockSamples)
            {
                var block = audio.AsSpan(offset, DtmfToneDetector.BlockSamples);
                DtmfToneDetector.NominalPowers(block, low, high);
                for (var i = 0; i < 4; i++)
                {
                    Assert.Equal(DtmfToneDetector.Goertzel(block, DtmfToneDetector.LowCoefficients[i]), low[i]);
                    Assert.Equal(DtmfToneDetector.Goertzel(block, DtmfToneDetector.HighCoefficients[i]), high[i]);
                }
            }
        }
    }
}
