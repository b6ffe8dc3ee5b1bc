using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Media set-ups real gateways produce: an INVITE without an offer, keypad tones inside the audio instead of
/// RFC 4733 events, and a caller whose media dies without a BYE.
/// </summary>
public sealed class MediaNegotiationTests(ITestOutputHelper output)
{
    [EndToEndFact(needsCapture: true)]
    public async Task An_offerless_invite_gets_our_offer_and_audio_follows_the_answer_from_the_ack()
    {
        await using var server = await ServerProcess.StartAsync();
        var mediaPort = Sipp.NextMediaPort();
        SippRun sipp;
        IReadOnlyList<CapturedDatagram> fromServer;
        await using (var capture = await PacketCapture.StartAsync(server.RtpPorts))
        {
            sipp = await Sipp.RunScenarioAsync("uac_offerless.xml", "3960", server.SipPort, mediaPort, TimeSpan.FromSeconds(30));
            fromServer = await capture.StopAsync();
        }

        try
        {
            // sipp checked our offer (PCMA, PCMU, telephone-event) and answered PCMU in its ACK.
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            var rtp = fromServer.Where(d => d.IsRtp && d.DestinationPort == mediaPort).ToList();
            Assert.True(rtp.Count >= 100, $"only {rtp.Count} RTP packets reached the caller");
            Assert.All(rtp, d => Assert.Equal(0, d.RtpPayloadType));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task Keypad_tones_inside_the_audio_drive_the_menu_like_rfc4733_events()
    {
        // A caller's audio made with sox: a breath of noise, the tone pair of 3 (697 + 1477 Hz) and a pause, the tone
        // pair of 1 (697 + 1209 Hz) and a pause, as mu-law. Each piece is made apart, then joined.
        var directory = TestTemp.NewDirectory("inband");
        string[][] pieces =
        [
            ["synth", "0.3", "pinknoise", "vol", "0.05"],
            ["synth", "0.15", "sine", "697", "sine", "mix", "1477", "pad", "0", "2.0", "vol", "0.5"],
            ["synth", "0.15", "sine", "697", "sine", "mix", "1209", "pad", "0", "1.0", "vol", "0.5"],
        ];
        var files = new List<string>();
        foreach (var effects in pieces)
        {
            files.Add(Path.Combine(directory, $"piece{files.Count}.wav"));
            await RunSoxAsync(["-n", "-r", "8000", "-c", "1", "-e", "mu-law", "-b", "8", files[^1], .. effects]);
        }

        var audio = Path.Combine(directory, "keys.wav");
        await RunSoxAsync([.. files, audio]);


        await using var server = await ServerProcess.StartAsync();
        // sipp does not expand keywords inside rtp_stream, so the scenario gets the file's path written in.
        var scenario = Path.Combine(directory, "uac_inband_dtmf.xml");
        File.WriteAllText(scenario, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", "uac_inband_dtmf.xml"))
            .Replace("[audio]", audio, StringComparison.Ordinal));
        var sipp = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));

        try
        {
            Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
            var (queue, path) = await RecordAsync(server);
            Assert.Equal("cnav.carriere", queue);
            Assert.Contains("other-menu", path, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    private static async Task RunSoxAsync(string[] arguments)
    {
        var sox = await ExternalProcess.RunAsync("sox", arguments, TimeSpan.FromSeconds(20));
        Assert.True(sox.ExitCode == 0, sox.Output);
    }

    private static async Task<(string? Queue, string Path)> RecordAsync(ServerProcess server)
    {
        await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
        var row = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string?, string)?>("SELECT queue_id, path FROM call_records WHERE ended_at IS NOT NULL"));
        return row!.Value;
    }
}
