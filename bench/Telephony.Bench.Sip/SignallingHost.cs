using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Telephony.Sip;

namespace Telephony.Bench.Sip;

/// <summary>
/// A SipEndpoint on loopback answering every call at once with a static SDP (no media), loaded by sipp's built-in
/// uac scenario (INVITE, 100, 180, 200, ACK, BYE) running side by side. Reports calls/s, failures and CPU per call.
/// </summary>
internal static class SignallingHost
{
    private static readonly byte[] AnswerSdp = Encoding.ASCII.GetBytes(
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");

    public static async Task<int> RunAsync(SignallingHostOptions options)
    {
        var handler = new AnswerAtOnce();
        await using var endpoint = new SipEndpoint(new SipEndpointOptions { BindAddress = IPAddress.Loopback, Port = 0 }, handler, NullSipLog.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        var port = endpoint.UdpLocalEndPoint.Port;
        Console.WriteLine($"SipEndpoint on 127.0.0.1:{port}; sipp -r {options.Rate} -l {options.Limit} -m {options.Calls} -t {options.Transport}");

        var cpuBefore = ProcessCpu.Read();
        var clock = Stopwatch.StartNew();
        var sipp = await RunSippAsync(options, port);
        var elapsed = clock.Elapsed;
        var cpu = ProcessCpu.Read() - cpuBefore;

        var successful = SippScreen.Counter(sipp, "Successful call");
        var failed = SippScreen.Counter(sipp, "Failed call");
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"elapsed            {elapsed.TotalSeconds:F1} s")
            .AppendLine(CultureInfo.InvariantCulture, $"successful calls   {successful}")
            .AppendLine(CultureInfo.InvariantCulture, $"failed calls       {failed}")
            .AppendLine(CultureInfo.InvariantCulture, $"calls/s achieved   {successful / elapsed.TotalSeconds:F0}")
            .AppendLine(CultureInfo.InvariantCulture, $"server CPU         {cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / elapsed.TotalSeconds * 100:F0} % of one core)")
            .AppendLine(CultureInfo.InvariantCulture, $"server CPU/call    {(successful > 0 ? cpu.TotalMilliseconds * 1000 / successful : 0):F0} µs")
            .AppendLine(CultureInfo.InvariantCulture, $"calls seen         {handler.Count}")
            .AppendLine(CultureInfo.InvariantCulture, $"live dialogs after {endpoint.ActiveCallCount}");
        Console.WriteLine(report);
        return failed == 0 && successful > 0 ? 0 : 1;
    }

    private static async Task<string> RunSippAsync(SignallingHostOptions options, int port)
    {
        var workDirectory = Directory.CreateTempSubdirectory("sipp-bench-");
        var arguments = string.Create(CultureInfo.InvariantCulture,
            $"-sn uac 127.0.0.1:{port} -i 127.0.0.1 -p {FreeUdpPort()} -t {options.Transport} -r {options.Rate} -l {options.Limit} -m {options.Calls} " +
            $"-timeout {options.Seconds + 30}s -timeout_error -nostdin -s 3960 -trace_screen -trace_err");
        var start = new ProcessStartInfo("sipp", arguments) { WorkingDirectory = workDirectory.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var screen = workDirectory.GetFiles("*_screen.log").Select(f => File.ReadAllText(f.FullName)).FirstOrDefault() ?? await stdout;
        var errors = workDirectory.GetFiles("*_errors.log").Select(f => File.ReadAllText(f.FullName)).FirstOrDefault();
        if (!string.IsNullOrEmpty(errors))
        {
            Console.WriteLine($"sipp errors (first 2 KB):\n{errors[..Math.Min(errors.Length, 2048)]}");
        }

        Console.WriteLine($"sipp exit code {process.ExitCode} {await stderr}");
        workDirectory.Delete(recursive: true);
        return screen;
    }

    private static int FreeUdpPort()
    {
        using var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    private sealed class AnswerAtOnce : ISipCallHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task OnIncomingCallAsync(IncomingCall call)
        {
            Interlocked.Increment(ref _count);
            _ = AnswerAsync(call);
            return Task.CompletedTask;
        }

        private static async Task AnswerAsync(IncomingCall call)
        {
            try
            {
                await call.AnswerAsync(AnswerSdp).ConfigureAwait(false);
                await call.Terminated.ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                // Counted by sipp as a failed call.
            }
        }
    }
}
