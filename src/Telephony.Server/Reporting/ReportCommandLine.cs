using System.Data.Common;
using System.Text.Json;
using Telephony.Calls.Reporting;
using Telephony.Storage;

namespace Telephony.Server.Reporting;

/// <summary>
/// <c>telephony report --from 2026-12-01 --to 2026-12-07 [--format csv|json]</c>: the daily report on standard
/// output, from the database the service's configuration names (appsettings.json, environment variables, and any
/// <c>--Section:Key=value</c> argument, as for the service). Read-only: it never creates or migrates a database.
/// </summary>
public static class ReportCommandLine
{
    public const string Usage = """
        usage: telephony report --from yyyy-MM-dd --to yyyy-MM-dd [--format csv|json] [--Storage:Provider=... --Storage:ConnectionString=...]
          The daily report per network, line and Paris day (and per network), counted as dashboards/README.md says,
          from the call records of the configured database, on standard output. --format defaults to csv.
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <returns>0 when the report was written, 2 for wrong arguments, 1 when the database cannot be read.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (ParseArguments(args) is not { } parsed)
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        if (parsed.Problem is { } problem)
        {
            await error.WriteLineAsync($"telephony report: {problem}");
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var (range, parameter, rangeError) = ReportRange.Parse(parsed.From, parsed.To);
        if (range is null)
        {
            await error.WriteLineAsync($"telephony report: --{parameter} {rangeError}.");
            return 2;
        }

        if (ReportFormats.Parse(parsed.Format, ReportFormat.Csv) is not { } format)
        {
            await error.WriteLineAsync($"telephony report: --format {ReportFormats.Problem} (not '{parsed.Format}').");
            return 2;
        }

        StorageOptions storage;
        IDbConnectionFactory factory;
        try
        {
            storage = ServiceConfiguration(parsed.Configuration).GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
            if (MissingSqliteFile(storage) is { } missing)
            {
                await error.WriteLineAsync(
                    $"telephony report: no database at {missing} (Storage:ConnectionString). Run the report from the service's working directory, or pass --Storage:ConnectionString=\"Data Source=/path/to/telephony.db\".");
                return 1;
            }

            factory = StorageFactory.CreateConnectionFactory(storage);
        }
        catch (Exception configurationError) when (configurationError is StorageException or InvalidOperationException or FormatException or ArgumentException)
        {
            await error.WriteLineAsync($"telephony report: {configurationError.Message}");
            return 1;
        }

        DailyReport report;
        try
        {
            report = await new CallReports(new CallCountRepository(factory), TimeProvider.System).DailyAsync(range, ct);
        }
        catch (DbException databaseError)
        {
            await error.WriteLineAsync($"telephony report: the call records of the {storage.Provider} database cannot be read: {databaseError.Message}");
            return 1;
        }

        await output.WriteAsync(format == ReportFormat.Csv
            ? DailyReportCsv.Write(report)
            : JsonSerializer.Serialize(DailyReportJson.Of(report), Json) + Environment.NewLine);
        await output.FlushAsync(ct);
        return 0;
    }

    /// <summary>The options, and the configuration arguments (<c>--Section:Key=value</c>) left for the configuration.</summary>
    private static Arguments? ParseArguments(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return null; // the usage, on standard output
            }

            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : null;
            var equals = name?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            var key = equals >= 0 ? name![..equals] : name;
            if (key is "from" or "to" or "format")
            {
                var value = equals >= 0 ? name![(equals + 1)..] : i + 1 < args.Length ? args[++i] : null;
                if (value is null)
                {
                    return new Arguments(null, null, null, configuration, $"--{key} needs a value.");
                }

                options[key] = value;
            }
            else if (key is not null && key.Contains(':', StringComparison.Ordinal))
            {
                configuration.Add(arg);
                if (equals < 0 && i + 1 < args.Length)
                {
                    configuration.Add(args[++i]);
                }
            }
            else
            {
                return new Arguments(null, null, null, configuration, $"unknown argument '{arg}'.");
            }
        }

        return new Arguments(options.GetValueOrDefault("from"), options.GetValueOrDefault("to"), options.GetValueOrDefault("format"), configuration, null);
    }

    /// <summary>The service's own configuration sources, in its order (see Program.cs), without starting anything.</summary>
    private static IConfiguration ServiceConfiguration(IReadOnlyList<string> args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args], ContentRootPath = AppContext.BaseDirectory }).Configuration;

    /// <summary>The full path of the SQLite file the configuration names when it does not exist; null otherwise.</summary>
    private static string? MissingSqliteFile(StorageOptions storage) =>
        StorageFactory.SqliteFilePath(storage) is { } path && !File.Exists(path) ? path : null;

    private sealed record Arguments(string? From, string? To, string? Format, IReadOnlyList<string> Configuration, string? Problem);
}
