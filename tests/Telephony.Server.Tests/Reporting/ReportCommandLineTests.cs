using Telephony.Calls.Tests.Agents;
using Telephony.Server.Reporting;
using Telephony.Storage;

namespace Telephony.Server.Tests.Reporting;

public sealed class ReportCommandLineTests
{
    [Fact]
    public async Task The_report_of_the_configured_database_goes_to_standard_output_as_CSV()
    {
        await using var database = await AgentTestDatabase.CreateAsync();
        await new CallRecordRepository(database.Factory).AddAsync(new CallRecord
        {
            Id = Guid.NewGuid(),
            CallId = "cli-1",
            Network = "CNAV",
            Line = "3960",
            StartedAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
            EndedAt = new DateTimeOffset(2026, 12, 1, 9, 5, 0, TimeSpan.Zero),
            Outcome = "answered_agent",
            WaitSeconds = 30,
        }, CancellationToken.None);

        var (code, output, error) = await RunAsync("--from", "2026-12-01", "--to=2026-12-07", "--format", "csv", $"--Storage:ConnectionString=Data Source={database.FilePath}");

        Assert.True(code == 0, error);
        var lines = output.Split("\r\n");
        Assert.StartsWith("level,network,line,from,to,offered,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("line,CNAV,3960,2026-12-01,2026-12-01,1,1,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",1,1,1,1,1,1,0,1,1,30,,0", lines[1], StringComparison.Ordinal);
        Assert.Equal("", error);

        var (jsonCode, json, _) = await RunAsync("--from", "2026-12-01", "--to", "2026-12-07", "--format", "json", "--Storage:ConnectionString", $"Data Source={database.FilePath}");
        Assert.Equal(0, jsonCode);
        Assert.Contains("\"agentRate\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--to", "2026-12-07" }, "--from is required")]
    [InlineData(new[] { "--from", "2026-12-07", "--to", "2026-12-01" }, "--to must not be before from (2026-12-07)")]
    [InlineData(new[] { "--from", "1 décembre", "--to", "2026-12-01" }, "--from must be a date as yyyy-MM-dd")]
    [InlineData(new[] { "--from", "2026-12-01", "--to", "2026-12-07", "--format", "pdf" }, "--format must be json or csv (not 'pdf')")]
    [InlineData(new[] { "--from", "2026-12-01", "--to" }, "--to needs a value")]
    [InlineData(new[] { "--since", "2026-12-01" }, "unknown argument '--since'")]
    public async Task Wrong_arguments_exit_2_saying_what_is_wrong(string[] args, string message)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_file_that_does_not_exist_is_named_and_not_created()
    {
        var path = Path.Combine(Path.GetTempPath(), $"telephony-no-such-{Guid.NewGuid():N}", "telephony.db");

        var (code, _, error) = await RunAsync("--from", "2026-12-01", "--to", "2026-12-07", $"--Storage:ConnectionString=Data Source={path}");

        Assert.Equal(1, code);
        Assert.Contains($"no database at {path}", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("usage: telephony report --from yyyy-MM-dd --to yyyy-MM-dd", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ReportCommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
