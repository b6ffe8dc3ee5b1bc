using System.Diagnostics;
using Telephony.Media.Codecs;
using Telephony.Media.Playback;
using Telephony.Media.Tests.Support;

namespace Telephony.Media.Tests.Playback;

public sealed class AudioPromptTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("media-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Save(string name, byte[] wav)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, wav);
        return path;
    }

    private static void AssertIsOneSecondOf1kHz(AudioPrompt prompt, double amplitude, double tolerance)
    {
        Assert.InRange(prompt.Duration.TotalSeconds, 0.99, 1.01);
        Assert.InRange(prompt.Samples.Length, 7990, 8010);
        var middle = prompt.Samples.Span[400..7600]; // away from the resampler's edges
        Assert.InRange(TestAudio.AmplitudeAt(middle, 1000), amplitude * (1 - tolerance), amplitude * (1 + tolerance));
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(44100)]
    public void Sixteen_bit_PCM_at_common_rates_loads_as_one_second_of_8kHz_tone(int rate)
    {
        var path = Save($"tone{rate}.wav", TestAudio.Wav(1, rate, 1, 16, TestAudio.Pcm16(TestAudio.Tone(1000, rate, 1.0))));

        var prompt = AudioPrompt.LoadWav(path);

        Assert.Equal($"tone{rate}", prompt.Name);
        AssertIsOneSecondOf1kHz(prompt, 8000, 0.03);
    }

    [Fact]
    public void Stereo_is_mixed_down_to_mono()
    {
        var wav = TestAudio.Wav(1, 8000, 2, 16, TestAudio.Pcm16(TestAudio.Tone(1000, 8000, 1.0), channels: 2));

        AssertIsOneSecondOf1kHz(AudioPrompt.LoadWav(wav, "stereo"), 8000, 0.01);
    }

    [Fact]
    public void Eight_bit_unsigned_PCM_loads()
    {
        var data = TestAudio.Tone(1000, 8000, 1.0).Select(s => (byte)((s >> 8) + 128)).ToArray();

        AssertIsOneSecondOf1kHz(AudioPrompt.LoadWav(TestAudio.Wav(1, 8000, 1, 8, data), "u8"), 8000, 0.03);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(6)]
    public void MuLaw_and_ALaw_WAVs_load(ushort formatTag)
    {
        var tone = TestAudio.Tone(1000, 8000, 1.0);
        var data = tone.Select(s => formatTag == 7 ? MuLaw.Encode(s) : ALaw.Encode(s)).ToArray();

        AssertIsOneSecondOf1kHz(AudioPrompt.LoadWav(TestAudio.Wav(formatTag, 8000, 1, 8, data), "g711"), 8000, 0.03);
    }

    [Fact]
    public void Extensible_format_header_is_understood()
    {
        var wav = TestAudio.Wav(1, 16000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(1000, 16000, 1.0)), extensible: true);

        AssertIsOneSecondOf1kHz(AudioPrompt.LoadWav(wav, "ext"), 8000, 0.03);
    }

    [Fact]
    public void Downsampling_removes_tones_above_4kHz_instead_of_folding_them_into_the_band()
    {
        // A 6 kHz tone at 16 kHz would alias to 2 kHz without a low-pass filter.
        var wav = TestAudio.Wav(1, 16000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(6000, 16000, 1.0)));

        var prompt = AudioPrompt.LoadWav(wav, "alias");

        Assert.True(TestAudio.Rms(prompt.Samples.Span[400..7600]) < 80, "6 kHz energy leaked into the 8 kHz prompt");
    }

    [Fact]
    public void File_made_by_sox_loads()
    {
        var path = Path.Combine(_directory, "sox.wav");
        try
        {
            using var sox = Process.Start(new ProcessStartInfo("sox", $"-n -r 44100 -c 2 -b 16 {path} synth 1 sine 1000 vol 0.25") { RedirectStandardError = true })!;
            sox.WaitForExit();
            Assert.Equal(0, sox.ExitCode);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("sox is listed as installed on this machine (notes/common.md) but could not be started");
        }

        AssertIsOneSecondOf1kHz(AudioPrompt.LoadWav(path), 32767 * 0.25, 0.05);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'A', (byte)'V', (byte)'E' })]
    public void Garbage_is_refused_with_InvalidAudioFileException(byte[] bytes)
    {
        Assert.Throws<InvalidAudioFileException>(() => AudioPrompt.LoadWav(bytes, "garbage"));
    }

    [Fact]
    public void Unsupported_or_broken_headers_are_refused_with_a_reason()
    {
        var good = TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(440, 8000, 0.1)));
        var adpcm = (byte[])good.Clone();
        adpcm[20] = 2; // MS ADPCM
        var noChannels = (byte[])good.Clone();
        noChannels[22] = 0;
        var absurdRate = (byte[])good.Clone();
        absurdRate[24] = 1;
        absurdRate[25] = 0;
        absurdRate[26] = 0;
        var empty = TestAudio.Wav(1, 8000, 1, 16, []);

        Assert.Contains("unsupported", Assert.Throws<InvalidAudioFileException>(() => AudioPrompt.LoadWav(adpcm, "x")).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidAudioFileException>(() => AudioPrompt.LoadWav(noChannels, "x"));
        Assert.Throws<InvalidAudioFileException>(() => AudioPrompt.LoadWav(absurdRate, "x"));
        Assert.Throws<InvalidAudioFileException>(() => AudioPrompt.LoadWav(empty, "x"));
        Assert.Throws<InvalidAudioFileException>(() => AudioPrompt.LoadWav(good.AsSpan(0, 30), "x"));
    }

    [Fact]
    public void Random_bytes_after_a_valid_RIFF_header_never_crash_the_loader()
    {
        var random = new Random(2361);
        var good = TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(440, 8000, 0.05)));
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])good.Clone();
            for (var flips = 0; flips < 4; flips++)
            {
                bytes[random.Next(12, 80)] = (byte)random.Next(256);
            }

            try
            {
                _ = AudioPrompt.LoadWav(bytes.AsSpan(0, random.Next(12, bytes.Length)), "fuzz");
            }
            catch (InvalidAudioFileException)
            {
            }
        }
    }

    [Fact]
    public void Missing_file_gives_InvalidAudioFileException_naming_the_path()
    {
        var path = Path.Combine(_directory, "absent.wav");

        var error = Assert.Throws<InvalidAudioFileException>(() => AudioPrompt.LoadWav(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_loads_each_file_once_even_under_concurrent_requests_and_retries_after_a_failure()
    {
        var path = Save("cached.wav", TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(440, 8000, 0.2))));
        var broken = Save("broken.wav", [1, 2, 3]);
        var cache = new PromptCache();

        var prompts = Enumerable.Range(0, 16).AsParallel().Select(_ => cache.Get(path)).ToArray();

        Assert.All(prompts, p => Assert.Same(prompts[0], p));
        Assert.Throws<InvalidAudioFileException>(() => cache.Get(broken));
        File.WriteAllBytes(broken, TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(440, 8000, 0.1))));
        Assert.InRange(cache.Get(broken).Duration.TotalSeconds, 0.09, 0.11);
    }

    [Fact]
    public void A_prompt_rewritten_on_disk_is_played_anew_by_the_next_request_and_an_unchanged_one_is_not_read_again()
    {
        var path = Save("welcome.wav", TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(440, 8000, 0.2))));
        var cache = new PromptCache();
        var first = cache.Get(path);
        Assert.Same(first, cache.Get(path));

        // The operator records a longer message under the same name.
        File.WriteAllBytes(path, TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(440, 8000, 0.5))));

        Assert.InRange(cache.Get(path).Duration.TotalSeconds, 0.49, 0.51);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_same_size_copy_is_seen_by_its_modification_time_and_one_that_hides_even_that_once_the_cache_is_cleared()
    {
        var path = Save("menu.wav", TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(440, 8000, 0.2))));
        var cache = new PromptCache();
        Assert.InRange(TestAudio.AmplitudeAt(cache.Get(path).Samples.Span, 440), 7000, 9000);
        var olderRecording = File.GetLastWriteTimeUtc(path).AddMinutes(-5);

        // Copied in with its own, older, modification time kept (cp -p, rsync -t).
        File.WriteAllBytes(path, TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(1000, 8000, 0.2))));
        File.SetLastWriteTimeUtc(path, olderRecording);
        Assert.InRange(TestAudio.AmplitudeAt(cache.Get(path).Samples.Span, 1000), 7000, 9000);

        // The same again with other content of the same size and the same kept time: nothing a stat shows changed.
        File.WriteAllBytes(path, TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(700, 8000, 0.2))));
        File.SetLastWriteTimeUtc(path, olderRecording);
        Assert.InRange(TestAudio.AmplitudeAt(cache.Get(path).Samples.Span, 1000), 7000, 9000);
        cache.Clear();
        Assert.InRange(TestAudio.AmplitudeAt(cache.Get(path).Samples.Span, 700), 7000, 9000);
    }

    [Fact]
    public void A_prompt_deleted_from_disk_fails_like_a_missing_one_instead_of_playing_the_old_copy()
    {
        var path = Save("closed.wav", TestAudio.Wav(1, 8000, 1, 16, TestAudio.Pcm16(TestAudio.Tone(440, 8000, 0.2))));
        var cache = new PromptCache();
        _ = cache.Get(path);

        File.Delete(path);

        Assert.Throws<InvalidAudioFileException>(() => cache.Get(path));
        Assert.Equal(0, cache.Count);
    }
}
