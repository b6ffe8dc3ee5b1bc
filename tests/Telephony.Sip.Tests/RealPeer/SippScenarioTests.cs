using System.Net;
using System.Text;
using Telephony.Sip.Tests.Support;
using Xunit.Abstractions;

namespace Telephony.Sip.Tests.RealPeer;

/// <summary>sipp as an independent caller: CANCEL while ringing, lossy network, hold by re-INVITE.</summary>
public class SippScenarioTests(ITestOutputHelper output)
{
    [SippFact]
    public async Task Caller_cancels_after_180_and_every_call_ends_cancelled()
    {
        var calls = new List<IncomingCall>();
        await using var endpoint = await StartAsync(async call =>
        {
            lock (calls)
            {
                calls.Add(call);
            }

            await call.SendProvisionalAsync();
            // Ring until the caller gives up; answer only if it never does.
            if (await Task.WhenAny(call.Terminated, Task.Delay(10_000)) != call.Terminated)
            {
                await call.AnswerAsync(AnsweringHandler.AnswerSdp);
            }
        });

        var (exitCode, stdout, stderr) = await RunScenarioAsync(endpoint, "cancel_after_180.xml", "u1", calls: 3);

        Assert.True(exitCode == 0, $"sipp failed:\n{Tail(stdout)}\n{stderr}");
        Assert.Equal(3, calls.Count);
        var ends = await Task.WhenAll(calls.Select(c => c.Terminated)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.All(ends, end => Assert.Equal(CallTerminationReason.Cancelled, end.Reason));
    }

    [SippFact]
    public async Task Thirty_calls_all_succeed_when_sipp_drops_20_percent_of_its_packets()
    {
        var handler = new AnsweringHandler();
        await using var endpoint = new SipEndpoint(Options(), handler, new RecordingLog());
        await endpoint.StartAsync(CancellationToken.None);

        // -lost 20: sipp drops a fifth of what it sends and receives; retransmissions (ours and its) must recover.
        // sipp gives up on a request after 5 (non-INVITE) retransmissions by default: with 20 % loss each way a BYE
        // then fails about once in 500 calls, so allow 10, as a real UA's 64*T1 window would.
        var (exitCode, stdout, stderr) = await SippRunner.RunAsync(
            $"-sn uac 127.0.0.1:{endpoint.UdpLocalEndPoint.Port} -i 127.0.0.1 -p {SippRunner.FreeUdpPort()} -m 30 -r 10 -l 10 -lost 20 -max_invite_retrans 10 -max_non_invite_retrans 10 -timeout 80s -timeout_error -nostdin -s 3960 -trace_err",
            TimeSpan.FromSeconds(100));

        Assert.True(exitCode == 0, $"sipp failed:\n{Tail(stdout)}\n{stderr}");
        Assert.Equal(30, handler.Calls.Count);
        Assert.Equal(30, CountSuccessful(stdout));
    }

    [SippFact]
    public Task Hold_reinvite_over_udp_is_answered_recvonly() => HoldAsync("u1");

    [SippFact]
    public Task Hold_reinvite_over_tcp_is_answered_recvonly() => HoldAsync("t1");

    private async Task HoldAsync(string transport)
    {
        var offers = new List<string>();
        var calls = new List<IncomingCall>();
        await using var endpoint = await StartAsync(async call =>
        {
            lock (calls)
            {
                calls.Add(call);
            }

            call.ReinviteHandler = offer =>
            {
                var text = Encoding.ASCII.GetString(offer.Span);
                lock (offers)
                {
                    offers.Add(text);
                }

                var direction = text.Contains("a=sendonly", StringComparison.Ordinal) ? "a=recvonly" : "a=sendrecv";
                return ValueTask.FromResult<ReadOnlyMemory<byte>>(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(AnsweringHandler.AnswerSdp) + direction + "\r\n"));
            };
            await call.AnswerAsync(AnsweringHandler.AnswerSdp);
        });

        var (exitCode, stdout, stderr) = await RunScenarioAsync(endpoint, "reinvite_hold.xml", transport, calls: 2);

        Assert.True(exitCode == 0, $"sipp failed:\n{Tail(stdout)}\n{stderr}");
        Assert.Equal(2, offers.Count);
        Assert.All(offers, offer => Assert.Contains("a=sendonly", offer, StringComparison.Ordinal));
        var ends = await Task.WhenAll(calls.Select(c => c.Terminated)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.All(ends, end => Assert.Equal(CallTerminationReason.RemoteBye, end.Reason));
    }

    private static SipEndpointOptions Options() => new() { BindAddress = IPAddress.Loopback, Port = 0 };

    private static async Task<SipEndpoint> StartAsync(Func<IncomingCall, Task> script)
    {
        var endpoint = new SipEndpoint(Options(), new ScriptedHandler(script), new RecordingLog());
        await endpoint.StartAsync(CancellationToken.None);
        return endpoint;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunScenarioAsync(SipEndpoint endpoint, string scenario, string transport, int calls)
    {
        var result = await SippRunner.RunAsync(
            $"-sf {SippRunner.ScenarioPath(scenario)} 127.0.0.1:{endpoint.UdpLocalEndPoint.Port} -i 127.0.0.1 -p {SippRunner.FreeUdpPort()} -t {transport} -m {calls} -r 5 -timeout 30s -timeout_error -nostdin -s 3960 -trace_err");
        output.WriteLine(Tail(result.Stdout));
        output.WriteLine(result.Stderr);
        return result;
    }

    // sipp's final screen has a "Successful call" row: | cumulative column is the last number on it.
    private static int CountSuccessful(string stdout)
    {
        var line = stdout.Split('\n').Last(l => l.Contains("Successful call", StringComparison.Ordinal));
        var numbers = line.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries).Where(t => t.All(char.IsAsciiDigit)).ToList();
        return int.Parse(numbers[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;
}
