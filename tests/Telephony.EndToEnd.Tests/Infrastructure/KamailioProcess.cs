using System.Globalization;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Kamailio in front of the test's nodes, running the production configuration
/// (<c>deploy/kamailio/kamailio.cfg</c>, unchanged) with the test's loopback addresses given as the environment
/// variables the file reads, and a dispatcher list of the nodes written in the format of deploy/kamailio/dispatcher.list.
/// </summary>
public sealed class KamailioProcess : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/kamailio";

    private readonly ExternalProcess _process;
    private readonly string _directory;

    private KamailioProcess(ExternalProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public static bool IsInstalled => File.Exists(Executable);

    public static string ConfigurationFile => Path.Combine(RepositoryPaths.Root, "deploy", "kamailio", "kamailio.cfg");

    /// <summary>Where callers and phones send their SIP (UDP and TCP on 127.0.0.1).</summary>
    public int Port { get; }

    public string Output => _process.Output;

    /// <summary>Starts Kamailio dispatching to nodes listening on these loopback SIP ports, probing them every second.</summary>
    public static async Task<KamailioProcess> StartAsync(IReadOnlyList<int> nodeSipPorts)
    {
        var directory = TestTemp.NewDirectory("kamailio");
        var list = Path.Combine(directory, "dispatcher.list");
        await File.WriteAllLinesAsync(list, nodeSipPorts.Select((port, i) => $"1 sip:127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)} 0 0 name=node{i + 1}"));
        var port = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["KAMAILIO_LISTEN"] = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["KAMAILIO_DISPATCHER_LIST"] = list,
            ["KAMAILIO_PROBE_SECONDS"] = "1",
        };
        // -DD: stay in the foreground (the test owns the process tree), -E: log to stderr, -Y: runtime files here.
        string[] arguments = ["-f", ConfigurationFile, "-DD", "-E", "-Y", directory, "-w", directory, "-m", "64", "-M", "8"];
        var kamailio = new KamailioProcess(ExternalProcess.Start(Executable, arguments, directory, environment), directory, port);
        try
        {
            await kamailio.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            await kamailio.DisposeAsync();
            throw;
        }

        return kamailio;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(5));
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Removed with the test process's temp root anyway.
        }
    }

    /// <summary>Sends OPTIONS to Kamailio itself until it answers 200 (its keep-alive answer).</summary>
    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        using var client = new RawSipClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Kamailio exited with {_process.ExitCode} during start-up:\n{Output}");
            }

            var answer = await client.FinalResponseAsync(Port, client.Request("OPTIONS", $"sip:127.0.0.1:{Port}"), TimeSpan.FromSeconds(1));
            if (answer?.StartsWith("SIP/2.0 200", StringComparison.Ordinal) == true)
            {
                return;
            }
        }

        throw new TimeoutException($"Kamailio did not answer OPTIONS within {timeout}:\n{Output}");
    }
}
