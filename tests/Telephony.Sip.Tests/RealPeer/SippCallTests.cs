using System.Net;
using Telephony.Sip.Tests.Support;
using Xunit.Abstractions;

namespace Telephony.Sip.Tests.RealPeer;

/// <summary>sipp's built-in "uac" scenario (INVITE, 200, ACK, BYE) against a real SipEndpoint on loopback.</summary>
public class SippCallTests(ITestOutputHelper output)
{
    [SippFact]
    public Task Sipp_places_three_calls_over_udp() => RunUacAsync("u1");

    [SippFact]
    public Task Sipp_places_three_calls_over_tcp() => RunUacAsync("t1");

    private async Task RunUacAsync(string transportMode)
    {
        var handler = new AnsweringHandler();
        var log = new RecordingLog();
        await using var endpoint = new SipEndpoint(new SipEndpointOptions { BindAddress = IPAddress.Loopback, Port = 0 }, handler, log);
        await endpoint.StartAsync(CancellationToken.None);

        var (exitCode, stdout, stderr) = await SippRunner.RunAsync(
            $"-sn uac 127.0.0.1:{endpoint.UdpLocalEndPoint.Port} -i 127.0.0.1 -p {SippRunner.FreeUdpPort()} -m 3 -r 10 -timeout 20s -timeout_error -t {transportMode} -nostdin -s 3960");

        output.WriteLine(stdout.Length > 3000 ? stdout[^3000..] : stdout);
        output.WriteLine(stderr);
        foreach (var line in log.Lines)
        {
            output.WriteLine(line);
        }

        Assert.Equal(0, exitCode);
        Assert.Equal(3, handler.Calls.Count);
        Assert.All(handler.Calls, call => Assert.Equal("3960", call.DialedUser));
        await Task.WhenAll(handler.Calls.Select(c => c.Terminated)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.All(handler.Calls, call => Assert.Equal(CallTerminationReason.RemoteBye, call.Terminated.Result.Reason));
        Assert.All(handler.Calls, call => Assert.Equal(IPAddress.Loopback, call.LocalAddress));
    }
}
