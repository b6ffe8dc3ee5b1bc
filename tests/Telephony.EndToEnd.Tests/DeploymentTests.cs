using Telephony.EndToEnd.Tests.Infrastructure;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// What an operator installs beside the nodes, checked by the tools that will read it: the compose file by Debian's
/// docker-compose, Kamailio's configuration by Kamailio, the compose's Prometheus configuration by promtool.
/// </summary>
public sealed class DeploymentTests
{
    private const string DockerCompose = "/usr/bin/docker-compose";
    private const string Promtool = "/usr/bin/promtool";

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["TELEPHONY_HOST_IP"] = "192.0.2.10",
        ["TELEPHONY_DB_PASSWORD"] = "database-password",
        ["TELEPHONY_ADMIN_KEY"] = "admin-key-0123456789",
        ["TELEPHONY_NONCE_SECRET"] = "nonce-secret-0123456789",
        ["TELEPHONY_CALLER_KEY"] = "caller-hash-key-0123456789abcdef0123",
        ["GRAFANA_ADMIN_PASSWORD"] = "grafana-password",
    };

    private static string Root => RepositoryPaths.Root;

    [ToolFact(DockerCompose, "docker-compose")]
    public async Task The_compose_file_is_valid_and_runs_postgres_two_nodes_kamailio_prometheus_and_grafana_each_with_a_health_check()
    {
        var config = await ComposeAsync(Secrets, "config");
        Assert.True(config.ExitCode == 0, config.Output);

        var services = await ComposeAsync(Secrets, "config", "--services");
        Assert.Equal(["grafana", "kamailio", "node1", "node2", "postgres", "prometheus"], services.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());
        var resolved = config.Output;
        Assert.Equal(6, resolved.Split('\n').Count(line => line.TrimEnd() == "    healthcheck:"));
        Assert.Equal(2, resolved.Split('\n').Count(line => line.Trim() == "Storage__Provider: Postgres"));
        // Every node and Kamailio on the host's address the operator gave, each node with its own ports.
        Assert.Contains("KAMAILIO_LISTEN: 192.0.2.10:5060", resolved, StringComparison.Ordinal);
        Assert.Contains("Sip__Port: '5071'", resolved, StringComparison.Ordinal);
        Assert.Contains("Sip__Port: '5072'", resolved, StringComparison.Ordinal);
        foreach (var volume in new[] { "postgres-data", "node1-data", "node2-data", "prometheus-data", "grafana-data" })
        {
            Assert.Contains($"{volume}:", resolved, StringComparison.Ordinal);
        }
    }

    [ToolFact(DockerCompose, "docker-compose")]
    public async Task A_missing_secret_stops_the_compose_file_naming_it()
    {
        var withoutKey = Secrets.Where(s => s.Key != "TELEPHONY_ADMIN_KEY").ToDictionary();

        var config = await ComposeAsync(withoutKey, "config", "-q");

        Assert.NotEqual(0, config.ExitCode);
        Assert.Contains("set TELEPHONY_ADMIN_KEY", config.Output, StringComparison.Ordinal);
    }

    [ToolFact(KamailioProcess.Executable, "kamailio")]
    public async Task The_kamailio_configuration_parses_with_and_without_a_trunk()
    {
        var environment = new Dictionary<string, string>
        {
            ["KAMAILIO_LISTEN"] = "127.0.0.1:5060",
            ["KAMAILIO_DISPATCHER_LIST"] = Path.Combine(Root, "deploy", "kamailio", "dispatcher.list"),
        };

        var plain = await RunAsync(KamailioProcess.Executable, ["-c", "-f", KamailioProcess.ConfigurationFile], environment);
        var withTrunk = await RunAsync(KamailioProcess.Executable, ["-c", "-f", KamailioProcess.ConfigurationFile],
            new Dictionary<string, string>(environment) { ["KAMAILIO_TRUNK"] = "sip:192.0.2.50:5060", ["KAMAILIO_NODE_MATCH"] = "3" });

        Assert.True(plain.ExitCode == 0 && plain.Output.Contains("config file ok", StringComparison.Ordinal), plain.Output);
        Assert.True(withTrunk.ExitCode == 0 && withTrunk.Output.Contains("config file ok", StringComparison.Ordinal), withTrunk.Output);
    }

    [ToolFact(Promtool, "prometheus")]
    public async Task The_compose_prometheus_configuration_is_valid()
    {
        var check = await RunAsync(Promtool, ["check", "config", Path.Combine(Root, "deploy", "prometheus", "prometheus.yml")], new Dictionary<string, string>());

        Assert.True(check.ExitCode == 0, check.Output);
    }

    private static Task<ExternalProcess> ComposeAsync(IReadOnlyDictionary<string, string> environment, params string[] command)
    {
        // An empty env file: an operator's .env beside the compose file must not fill in what the test leaves out.
        var envFile = Path.Combine(TestTemp.NewDirectory("compose-env"), "empty.env");
        File.WriteAllText(envFile, string.Empty);
        return RunAsync(DockerCompose, ["--project-directory", Root, "--env-file", envFile, "-f", Path.Combine(Root, "docker-compose.yml"), .. command], environment);
    }

    private static async Task<ExternalProcess> RunAsync(string executable, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var process = ExternalProcess.Start(executable, arguments, TestTemp.NewDirectory("deployment"), environment);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"{executable} did not finish:\n{process.Output}");
        return process;
    }
}
