using System.Globalization;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) on a free loopback port with a throwaway data directory, scraping one
/// test server with the shipped configuration and rule files (dashboards/prometheus): what an operator runs, with the
/// differences a test needs, each made by <see cref="ConfigurationFor"/> and checked to have happened.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly ExternalProcess _process;
    private readonly string _directory;

    private PrometheusProcess(ExternalProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Api = new PrometheusApi(new Uri($"http://127.0.0.1:{port}"));
    }

    public static bool IsInstalled => File.Exists(Executable);

    public static string ShippedConfiguration => Path.Combine(RepositoryPaths.Root, "dashboards", "prometheus", "prometheus.yml");

    public static string RulesDirectory => Path.Combine(RepositoryPaths.Root, "dashboards", "prometheus", "rules");

    public PrometheusApi Api { get; }

    public string Output => _process.Output;

    /// <summary>Starts Prometheus scraping <c>127.0.0.1:<paramref name="serverHttpPort"/>/metrics</c>; returns once it is ready.</summary>
    public static async Task<PrometheusProcess> StartAsync(int serverHttpPort)
    {
        var directory = TestTemp.NewDirectory("prometheus");
        var configuration = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configuration, ConfigurationFor(await File.ReadAllTextAsync(ShippedConfiguration), serverHttpPort));
        var port = FreePorts.Next();
        var process = ExternalProcess.Start(Executable,
        [
            $"--config.file={configuration}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--log.level=warn",
        ], directory);
        var prometheus = new PrometheusProcess(process, directory, port);
        try
        {
            await prometheus.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }

        return prometheus;
    }

    /// <summary>
    /// The shipped prometheus.yml with what a test changes, and nothing else (the job name, the metrics path and the
    /// rule groups' own one-minute intervals stay as shipped):
    /// <list type="bullet">
    /// <item>scrape every 1 s instead of 15 s, so that the counters of a call that just ended are in Prometheus within a second;</item>
    /// <item>evaluation_interval 1 s instead of 1 m: only for a group without its own interval (every shipped group sets 1 m);</item>
    /// <item>the rule files by absolute path (the generated file lives in a temporary directory);</item>
    /// <item>the test server's port instead of 8080.</item>
    /// </list>
    /// </summary>
    public static string ConfigurationFor(string shipped, int serverHttpPort)
    {
        var rules = Path.Combine(RulesDirectory, "*.yml");
        return ReplaceOnce(
            ReplaceOnce(
                ReplaceOnce(
                    ReplaceOnce(shipped, "scrape_interval: 15s", "scrape_interval: 1s\n  scrape_timeout: 1s"),
                    "evaluation_interval: 1m", "evaluation_interval: 1s"),
                "- rules/*.yml", $"- \"{rules}\""),
            "\"127.0.0.1:8080\"", $"\"127.0.0.1:{serverHttpPort.ToString(CultureInfo.InvariantCulture)}\"");
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The per-process temp root is removed at exit anyway.
        }
    }

    private static string ReplaceOnce(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(from, at + from.Length, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidDataException(
                $"{ShippedConfiguration}: expected \"{from}\" exactly once; the end-to-end test's configuration must be updated with it");
        }

        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode} during start-up:\n{Output}");
            }

            if (await Api.IsReadyAsync())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"prometheus not ready within {timeout}:\n{Output}");
    }
}
