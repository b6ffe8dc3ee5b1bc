using System.Globalization;
using System.Text;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real `telephony` server, started as its own process on free loopback ports, as an operator would run it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The admin API key every test server is started with.</summary>
    public const string AdminApiKey = "e2e-admin-key-0123456789";

    private readonly IReadOnlyList<string> _arguments;
    private readonly StringBuilder _previousRuns = new();
    private ExternalProcess _process;

    private ServerProcess(ExternalProcess process, IReadOnlyList<string> arguments, int sipPort, int httpPort, (int First, int Last) rtpPorts, string dataDirectory, int siloPort)
    {
        _process = process;
        _arguments = arguments;
        SiloPort = siloPort;
        SipPort = sipPort;
        HttpPort = httpPort;
        RtpPorts = rtpPorts;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        Monitoring = Http;
    }

    public int SipPort { get; }

    /// <summary>The Orleans silo port: a node's name in the cluster reads <c>S127.0.0.1:{SiloPort}:{generation}</c>.</summary>
    public int SiloPort { get; }

    public int HttpPort { get; }

    public (int First, int Last) RtpPorts { get; }

    public string DataDirectory { get; }

    public string SqlitePath => Path.Combine(DataDirectory, "telephony.db");

    public HttpClient Http { get; }

    /// <summary>Where <c>/metrics</c> and <c>/health</c> are served: <see cref="Http"/>, unless the test set <c>Monitoring:Url</c>.</summary>
    public HttpClient Monitoring { get; private set; }

    /// <summary>What the server printed, every run since the first start.</summary>
    public string Output => _previousRuns + _process.Output;

    /// <param name="settings">Extra configuration, e.g. <c>Storage:Provider=Postgres</c>.</param>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var sipPort = FreePorts.Next();
        var httpPort = FreePorts.Next();
        var rtpPorts = FreePorts.NextUdpRange(40);
        var dataDirectory = Directory.CreateTempSubdirectory("telephony-e2e-").FullName;

        var configuration = new Dictionary<string, string>
        {
            ["Sip:Port"] = sipPort.ToString(CultureInfo.InvariantCulture),
            ["Sip:BindAddress"] = "127.0.0.1",
            ["Sip:RtpPortRange"] = $"{rtpPorts.First}-{rtpPorts.Last}",
            ["Ivr:ScriptsPath"] = RepositoryPaths.IvrScripts,
            // Tests run at any hour: lines are open unless a test says otherwise.
            ["Ivr:ForceOpen"] = "true",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "telephony.db")}",
            ["Admin:ApiKey"] = AdminApiKey,
            // Stopping hangs calls up at once, as before the drain existed; the drain's own tests set it.
            ["Shutdown:DrainSeconds"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            configuration[key] = value;
        }

        var arguments = new List<string> { RepositoryPaths.ServerAssembly, "--urls", $"http://127.0.0.1:{httpPort}" };
        arguments.AddRange(configuration.Select(kv => $"--{kv.Key}={kv.Value}"));

        var process = ExternalProcess.Start("dotnet", arguments, workingDirectory: dataDirectory);
        var server = new ServerProcess(process, arguments, sipPort, httpPort, rtpPorts, dataDirectory, int.Parse(configuration["Orleans:SiloPort"], CultureInfo.InvariantCulture));
        if (configuration.TryGetValue("Monitoring:Url", out var monitoring))
        {
            server.Monitoring = new HttpClient { BaseAddress = new Uri(monitoring), Timeout = TimeSpan.FromSeconds(10) };
        }
        try
        {
            await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Runs the server binary with arguments (e.g. <c>ivr check dir</c>) to completion.</summary>
    public static async Task<ExternalProcess> RunCommandAsync(IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null) =>
        await ExternalProcess.RunAsync("dotnet", [RepositoryPaths.ServerAssembly, .. arguments], timeout, workingDirectory);

    /// <summary>Sends an admin API request with the key the test servers are given.</summary>
    public async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", AdminApiKey);
        return await Http.SendAsync(request);
    }

    public async Task<string> GetMetricsTextAsync() => await Monitoring.GetStringAsync("/metrics");

    public async Task StopAsync() => await _process.StopAsync(TimeSpan.FromSeconds(15));

    /// <summary>Sends SIGTERM (as systemd or docker stop does) and returns at once: the graceful shutdown runs meanwhile.</summary>
    public void Terminate()
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Whether the process ended within <paramref name="timeout"/>, and its exit code.</summary>
    public async Task<(bool Exited, int ExitCode)> WaitForExitAsync(TimeSpan timeout) =>
        await _process.WaitForExitAsync(timeout) ? (true, _process.ExitCode) : (false, 0);

    /// <summary>Ends the server as a crash would (SIGKILL, `kill -9`): no shutdown code runs, calls are cut.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        if (!await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("The server did not die within 10 s of SIGKILL.");
        }
    }

    /// <summary>Starts the server again after it stopped or was killed: same ports, configuration and data directory.</summary>
    public async Task RestartAsync()
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException("The server is still running; stop or kill it first.");
        }

        _previousRuns.Append(_process.Output).AppendLine("---- restarted ----");
        await _process.DisposeAsync();
        _process = ExternalProcess.Start("dotnet", _arguments, workingDirectory: DataDirectory);
        await WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _process.DisposeAsync();
        Http.Dispose();
        if (Monitoring != Http)
        {
            Monitoring.Dispose();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test for.
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Exited is known before the last of its output is read: wait for the streams' end, or the message
                // that says why it stopped (the last lines) may be missing.
                await _process.WaitForExitAsync(TimeSpan.FromSeconds(5));
                throw new InvalidOperationException($"Server exited with {_process.ExitCode} during start-up:\n{Output}");
            }

            try
            {
                using var response = await Monitoring.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer while starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Server not healthy within {timeout}:\n{Output}");
    }
}
