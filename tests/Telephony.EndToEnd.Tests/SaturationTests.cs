using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// A call that cannot be carried (no media port left) is refused with 503 and still counts against the line's
/// pick-up rate: offered and saturated, not silently lost.
/// </summary>
public sealed class SaturationTests(ITestOutputHelper output)
{
    [EndToEndFact]
    public async Task When_no_media_port_is_left_the_next_caller_gets_503_and_the_line_counts_it_saturated()
    {
        var onePair = FreePorts.NextUdpRange(2);
        await using var tight = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            // One RTP/RTCP pair: room for exactly one call.
            ["Sip:RtpPortRange"] = $"{onePair.First}-{onePair.Last}",
        });

        var firstCall = Sipp.RunScenarioAsync(
            DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromMilliseconds(3500))], holdAfterLastKey: TimeSpan.FromSeconds(4)),
            "3960", tight.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));
        // The second call comes once the first one holds the only port pair (it is counted offered once answered).
        var cnavLine = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
        var answered = await Eventually.ReadAsync(tight.GetMetricsTextAsync, done: m => PrometheusText.Value(m, "telephony_calls_offered_total", cnavLine) == 1);
        Assert.Equal(1, PrometheusText.Value(answered, "telephony_calls_offered_total", cnavLine));
        var secondCall = await Sipp.RunScenarioAsync("uac_expect_bye.xml", "3960", tight.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(15));
        var first = await firstCall;

        try
        {
            Assert.True(first.ExitCode == 0, $"the first call should have been carried:\n{first.Output}");
            Assert.NotEqual(0, secondCall.ExitCode);
            Assert.Contains("503", secondCall.Output, StringComparison.Ordinal);

            var cnav = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
            var metrics = await Eventually.ReadAsync(
                () => tight.GetMetricsTextAsync(),
                done: text => PrometheusText.Value(text, "telephony_calls_outcome_total", new Dictionary<string, string>(cnav) { ["outcome"] = "abandoned_queue" }) >= 1);
            Assert.Equal(2, PrometheusText.Value(metrics, "telephony_calls_offered_total", cnav));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(cnav) { ["outcome"] = "saturated" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_rejected_total", new Dictionary<string, string> { ["status"] = "503" }));
        }
        catch
        {
            output.WriteLine(tight.Output);
            throw;
        }
    }
}
