using System.Diagnostics;
using System.Net;

namespace Telephony.Sip.Tests.Support;

/// <summary>Runs sipp once, bounded, in a scratch directory, and returns what it said.</summary>
internal static class SippRunner
{
    public static string ScenarioPath(string file) => Path.Combine(AppContext.BaseDirectory, "RealPeer", "Scenarios", file);

    // sipp's -p 0 falls back to 5060, which another test or service may hold: pick a free port instead.
    public static int FreeUdpPort()
    {
        using var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string arguments, TimeSpan? limit = null)
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
        var bound = limit ?? TimeSpan.FromSeconds(40);
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sipp did not exit in {bound}");
        }

        var errors = string.Join("\n", workDir.GetFiles("*_errors.log").Select(f => File.ReadAllText(f.FullName)));
        var result = (process.ExitCode, await stdout, await stderr + errors);
        workDir.Delete(recursive: true);
        return result;
    }
}
