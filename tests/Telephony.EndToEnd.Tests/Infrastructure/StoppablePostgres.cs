using System.Globalization;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of this test's own, from the machine's binaries (as scripts/with-postgres.sh starts the shared
/// one), so that the test can stop it and start it again, on the same port and data, without disturbing other tests.
/// </summary>
public sealed class StoppablePostgres : IAsyncDisposable
{
    private static readonly string BinDirectory = Environment.GetEnvironmentVariable("PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    private readonly string _directory;
    private readonly string[] _asDbUser;
    private readonly int _port;

    private StoppablePostgres(string directory, string[] asDbUser, int port)
    {
        _directory = directory;
        _asDbUser = asDbUser;
        _port = port;
    }

    /// <summary>Why a server cannot be started here, or null.</summary>
    public static string? UnavailableReason =>
        !File.Exists(Path.Combine(BinDirectory, "initdb")) ? $"PostgreSQL binaries not found in {BinDirectory} (scripts/test.sh uses Debian's postgresql-15)"
        : Environment.UserName == "root" && DbUser() is null ? "running as root without a 'postgres' or 'telephony-pg' user to run PostgreSQL as"
        : null;

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"Host=127.0.0.1;Port={_port};Username=telephony;Database=telephony;Timeout=5;Command Timeout=30");

    private string DataDirectory => Path.Combine(_directory, "data");

    private string SocketDirectory => Path.Combine(_directory, "socket");

    public static async Task<StoppablePostgres> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("telephony-e2e-pg-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "socket"));
        // initdb and postgres refuse to run as root.
        string[] asDbUser = Environment.UserName == "root" ? ["runuser", "-u", DbUser()!, "--"] : [];
        if (asDbUser.Length > 0)
        {
            await RunAsync(["chown", "-R", DbUser()!, directory]);
        }

        var server = new StoppablePostgres(directory, asDbUser, FreePorts.Next());
        try
        {
            await server.RunAsDbUserAsync("initdb", "-D", server.DataDirectory, "-U", "telephony", "--auth=trust", "-E", "UTF8", "--no-locale");
            await server.StartAgainAsync();
            await server.RunAsDbUserAsync("createdb", "-h", server.SocketDirectory, "-p", server._port.ToString(CultureInfo.InvariantCulture), "-U", "telephony", "telephony");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server as an operator would (fast shutdown: connections are cut, the data is kept).</summary>
    public Task StopAsync() => RunAsDbUserAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");

    /// <summary>Starts it (again) on the same port and data.</summary>
    public Task StartAgainAsync() => RunAsDbUserAsync(
        "pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "postgres.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {_port} -k {SocketDirectory} -c fsync=off -c max_connections=100",
        "start");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsDbUserAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Not running.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static string? DbUser() =>
        new[] { "postgres", "telephony-pg" }.FirstOrDefault(u => File.ReadLines("/etc/passwd").Any(l => l.StartsWith(u + ":", StringComparison.Ordinal)));

    private Task RunAsDbUserAsync(string tool, params string[] arguments) =>
        RunAsync([.. _asDbUser, Path.Combine(BinDirectory, tool), .. arguments]);

    private static async Task RunAsync(string[] command)
    {
        await using var process = await ExternalProcess.RunAsync(command[0], command[1..], TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed ({process.ExitCode}):\n{process.Output}");
        }
    }
}
