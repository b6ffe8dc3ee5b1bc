using System.Diagnostics;
using System.Net;
using System.Text;
using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Support;
using Telephony.Sip.Uac;
using Xunit.Abstractions;

namespace Telephony.Sip.Tests.Uac;

/// <summary>Our UAC calling a real sipp UAS on loopback (built-in "uas" and the scenarios beside this file).</summary>
public class SippUasTests(ITestOutputHelper output)
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    [SippFact]
    public async Task Sipp_uas_answers_and_our_hang_up_ends_the_call()
    {
        var (call, sipp) = await CallSippAsync("-sn uas", request => request);

        Assert.True(call.IsAnswered, $"{call.StatusCode} {call.ReasonPhrase}");
        Assert.Contains("m=audio", Encoding.ASCII.GetString(call.RemoteSdp.Span), StringComparison.Ordinal);
        await call.HangUpAsync();
        Assert.Equal(CallTerminationReason.LocalHangUp, (await call.Terminated).Reason);
        Assert.Equal(0, await sipp.ExitAsync(output));
    }

    [SippFact]
    public async Task Sipp_busy_gives_486_and_gets_its_ack()
    {
        var (call, sipp) = await CallSippAsync(Scenario("uas_busy.xml"), request => request);

        Assert.Equal(OutgoingCallOutcome.Rejected, call.Outcome);
        Assert.Equal(486, call.StatusCode);
        Assert.Equal(0, await sipp.ExitAsync(output));
    }

    [SippFact]
    public async Task Sipp_rings_without_answer_and_our_ring_timeout_cancels_with_487_acked()
    {
        var (call, sipp) = await CallSippAsync(Scenario("uas_ring_no_answer.xml"), request => new OutgoingCallRequest(request.Target, request.Destination, request.SdpOffer)
        {
            FromUser = request.FromUser,
            RingTimeout = TimeSpan.FromSeconds(1),
        });

        Assert.Equal(OutgoingCallOutcome.NoAnswer, call.Outcome);
        Assert.Equal(487, call.StatusCode);
        Assert.Equal(0, await sipp.ExitAsync(output));
    }

    [SippFact]
    public async Task Sipp_challenge_is_answered_and_sipp_verifies_our_credentials()
    {
        var (call, sipp) = await CallSippAsync(Scenario("uas_auth.xml"), request => new OutgoingCallRequest(request.Target, request.Destination, request.SdpOffer)
        {
            FromUser = request.FromUser,
            Credentials = new SipClientCredentials("agent1", "secret"),
        });

        Assert.True(call.IsAnswered, $"{call.StatusCode} {call.ReasonPhrase}");
        await call.HangUpAsync();
        Assert.Equal(0, await sipp.ExitAsync(output));
    }

    [SippFact]
    public async Task Sipp_refuses_a_wrong_password_so_its_check_is_real()
    {
        var (call, sipp) = await CallSippAsync(Scenario("uas_auth.xml"), request => new OutgoingCallRequest(request.Target, request.Destination, request.SdpOffer)
        {
            FromUser = request.FromUser,
            Credentials = new SipClientCredentials("agent1", "not-the-secret"),
        });

        Assert.Equal(OutgoingCallOutcome.Rejected, call.Outcome);
        Assert.Equal(403, call.StatusCode);
        await sipp.ExitAsync(output);
    }

    [SippFact]
    public async Task A_large_invite_reaches_a_tcp_only_sipp_over_tcp_and_the_whole_dialog_follows()
    {
        // Trunks that offer many codecs send INVITEs past 1300 bytes; RFC 3261 §18.1.1 moves those to TCP.
        var largeOffer = Offer + string.Concat(Enumerable.Range(0, 30).Select(i => $"a=x-capability-{i}:some-vendor-specific-parameter\r\n"));
        var (call, sipp) = await CallSippAsync("-sn uas -t t1", request => new OutgoingCallRequest(request.Target, request.Destination, Encoding.ASCII.GetBytes(largeOffer))
        {
            FromUser = request.FromUser,
        });

        Assert.True(call.IsAnswered, $"{call.StatusCode} {call.ReasonPhrase}");
        await call.HangUpAsync();
        Assert.Equal(CallTerminationReason.LocalHangUp, (await call.Terminated).Reason);
        Assert.Equal(0, await sipp.ExitAsync(output)); // sipp saw INVITE, ACK and BYE over its TCP socket
    }

    // The scenarios are read from the source tree (found upwards from the test binaries), not copied to bin.
    private static string Scenario(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Uac", "Scenarios", name);
            if (File.Exists(candidate))
            {
                return "-sf " + candidate;
            }
        }

        throw new FileNotFoundException($"sipp scenario {name} not found above {AppContext.BaseDirectory}");
    }

    private async Task<(OutgoingCall Call, SippProcess Sipp)> CallSippAsync(string scenario, Func<OutgoingCallRequest, OutgoingCallRequest> adjust)
    {
        var sippPort = FreeUdpPort();
        var sipp = SippProcess.Start($"{scenario} -i 127.0.0.1 -p {sippPort} -m 1 -timeout 20s -timeout_error -nostdin -bind_local");
        var log = new RecordingLog();
        var endpoint = new SipEndpoint(new SipEndpointOptions { BindAddress = IPAddress.Loopback, Port = 0 }, new AnsweringHandler(), log);
        await endpoint.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(300);
            var destination = new IPEndPoint(IPAddress.Loopback, sippPort);
            var request = adjust(new OutgoingCallRequest(SipUri.Parse($"sip:service@127.0.0.1:{sippPort}"), destination, Encoding.ASCII.GetBytes(Offer)) { FromUser = "3960" });
            var call = await endpoint.CallAsync(request, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            // Give sipp the time to see our ACK before the endpoint goes away.
            await Task.Delay(200);
            foreach (var line in log.Lines)
            {
                output.WriteLine(line);
            }

            sipp.Endpoint = endpoint;
            return (call, sipp);
        }
        catch
        {
            sipp.Kill();
            await endpoint.DisposeAsync();
            throw;
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    internal sealed class SippProcess
    {
        private readonly Process _process;
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;
        private readonly DirectoryInfo _workDir;

        private SippProcess(Process process, DirectoryInfo workDir)
        {
            _process = process;
            _workDir = workDir;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public SipEndpoint? Endpoint { get; set; }

        public static SippProcess Start(string arguments)
        {
            var workDir = Directory.CreateTempSubdirectory("sipp-uas-");
            var start = new ProcessStartInfo(Sipp.FindExecutable()!, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                WorkingDirectory = workDir.FullName,
            };
            return new SippProcess(Process.Start(start)!, workDir);
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        /// <summary>Waits (bounded) for sipp to finish its one call; returns its exit code (0 = call succeeded).</summary>
        public async Task<int> ExitAsync(ITestOutputHelper output)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw new TimeoutException("sipp did not exit in 25 s");
            }
            finally
            {
                var stdout = await _stdout;
                output.WriteLine(stdout.Length > 3000 ? stdout[^3000..] : stdout);
                output.WriteLine(await _stderr);
                if (Endpoint is not null)
                {
                    await Endpoint.DisposeAsync();
                }

                _workDir.Delete(recursive: true);
            }

            return _process.ExitCode;
        }
    }
}
