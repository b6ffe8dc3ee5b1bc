using System.Diagnostics;
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

        var (exitCode, stdout, stderr) = await RunSippAsync(
            $"-sn uac 127.0.0.1:{endpoint.UdpLocalEndPoint.Port} -i 127.0.0.1 -p {FreeUdpPort()} -m 3 -r 10 -timeout 20s -timeout_error -t {transportMode} -nostdin -s 3960");

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

    // sipp's -p 0 falls back to 5060, which another test or service may hold: pick a free port instead.
    private static int FreeUdpPort()
    {
        using var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunSippAsync(string arguments)
    {
        var workDir = Directory.CreateTempSubdirectory("sipp-");
        var start = new ProcessStartInfo(Sipp.FindExecutable()!, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workDir.FullName,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("sipp did not exit in 40 s");
        }

        var result = (process.ExitCode, await stdout, await stderr);
        workDir.Delete(recursive: true);
        return result;
    }
}
