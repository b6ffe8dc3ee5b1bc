namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Test voices made of pure tones, and the check that a tone is in what a peer really received: the caller "speaks"
/// one frequency and the agent another, so each side's audio tells who said it. The G.711 decoding is written from
/// the ITU-T rules, independently of the server's codec.
/// </summary>
public static class Tones
{
    /// <summary>Writes a looping voice: <paramref name="seconds"/> of a sine at <paramref name="hertz"/>, 8 kHz mono G.711 (or 16-bit PCM).</summary>
    public static async Task<string> WriteAsync(double hertz, bool muLaw, int seconds = 60, bool linear = false)
    {
        var path = Path.Combine(TestTemp.NewDirectory("tone"), $"tone-{hertz:0}.wav");
        var sox = await ExternalProcess.RunAsync(
            "sox",
            ["-n", "-r", "8000", "-c", "1", "-e", linear ? "signed-integer" : muLaw ? "u-law" : "a-law", .. (linear ? new[] { "-b", "16" } : []), path, "synth", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "sine", hertz.ToString(System.Globalization.CultureInfo.InvariantCulture), "vol", "0.5"],
            TimeSpan.FromSeconds(20));
        Assert.True(sox.ExitCode == 0, sox.Output);
        return path;
    }

    /// <summary>Decodes RTP payloads of payload type 0 (µ-law) or 8 (A-law) into linear samples.</summary>
    public static short[] Decode(IEnumerable<CapturedDatagram> rtp) => rtp
        .Where(d => d.IsRtp && d.RtpPayloadType is 0 or 8)
        .SelectMany(d => d.Payload.Skip(12).Select(b => d.RtpPayloadType == 0 ? MuLawToLinear(b) : ALawToLinear(b)))
        .ToArray();

    /// <summary>
    /// How strongly <paramref name="hertz"/> stands out in the samples: its Goertzel power relative to the total power
    /// (near 1 for a clean tone at that frequency, near 0 for silence or another tone).
    /// </summary>
    public static double Share(short[] samples, double hertz)
    {
        if (samples.Length < 160)
        {
            return 0;
        }

        var coefficient = 2 * Math.Cos(2 * Math.PI * hertz / 8000);
        double previous = 0, beforePrevious = 0, energy = 0;
        foreach (var sample in samples)
        {
            var current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
            energy += (double)sample * sample;
        }

        var power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return energy == 0 ? 0 : 2 * power / (energy * samples.Length);
    }

    /// <summary>The strongest share of the tone over 200 ms windows of what a peer received (audio starts and stops).</summary>
    public static double BestShare(IReadOnlyList<CapturedDatagram> packets, double hertz) =>
        packets.Chunk(10).Select(chunk => Share(Decode(chunk), hertz)).DefaultIfEmpty(0).Max();

    private static short MuLawToLinear(byte encoded)
    {
        var value = ~encoded;
        var magnitude = (((value & 0x0F) << 3) + 0x84) << ((value & 0x70) >> 4);
        return (short)((value & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
    }

    private static short ALawToLinear(byte encoded)
    {
        var value = encoded ^ 0x55;
        var exponent = (value & 0x70) >> 4;
        var mantissa = value & 0x0F;
        var magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }
}
