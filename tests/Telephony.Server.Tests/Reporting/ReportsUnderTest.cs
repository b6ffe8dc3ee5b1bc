using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Telephony.Calls.Reporting;
using Telephony.Calls.Tests.Agents;
using Telephony.Server.Admin;
using Telephony.Server.Configuration;
using Telephony.Server.Reporting;
using Telephony.Storage;

namespace Telephony.Server.Tests.Reporting;

/// <summary>
/// The report and open-data routes on a real HTTP listener (loopback, free port) behind the real admin key filter,
/// over a migrated SQLite file, with a clock set to 8 December 2026 10:00 in Paris.
/// </summary>
internal sealed class ReportsUnderTest : IAsyncDisposable
{
    public const string Key = "server-tests-admin-key-0123";
    public static readonly DateTimeOffset Now = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private ReportsUnderTest(WebApplication app, AgentTestDatabase database, FakeTimeProvider clock)
    {
        _app = app;
        Clock = clock;
        Database = database;
        Records = new CallRecordRepository(database.Factory);
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
    }

    public AgentTestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public CallRecordRepository Records { get; }

    /// <summary>Sends no key: add it per request with <see cref="GetAsync"/>.</summary>
    public HttpClient Http { get; }

    public static async Task<ReportsUnderTest> StartAsync(int minimumCalls = 10)
    {
        var database = await AgentTestDatabase.CreateAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Options.Create(new AdminSettings { ApiKey = Key }));
        builder.Services.AddSingleton(Options.Create(new OpenDataSettings { MinimumCalls = minimumCalls }));
        builder.Services.AddSingleton<AdminApiKey>();
        builder.Services.AddSingleton<AdminKeyFilter>();
        var clock = new FakeTimeProvider(Now);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(database.Factory);
        builder.Services.AddSingleton<CallCountRepository>();
        builder.Services.AddSingleton<CallReports>();
        builder.Services.AddSingleton<OpenDataFile>();
        var app = builder.Build();
        app.MapGroup("/admin").AddEndpointFilter<AdminKeyFilter>().MapReportEndpoints();
        app.MapOpenData();
        await app.StartAsync();
        return new ReportsUnderTest(app, database, clock);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, bool withKey = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (withKey)
        {
            request.Headers.Add("X-Api-Key", Key);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Stores a call that ended at <paramref name="endedAt"/> with that outcome.</summary>
    public Task AddAsync(string outcome, DateTimeOffset endedAt, string network = "CNAV", string line = "3960", double? wait = null, int? score = null) =>
        Records.AddAsync(new CallRecord
        {
            Id = Guid.NewGuid(),
            CallId = Guid.NewGuid().ToString("N"),
            Network = network,
            Line = line,
            StartedAt = endedAt.AddMinutes(-2),
            EndedAt = endedAt,
            Outcome = outcome,
            WaitSeconds = wait,
            SurveyScore = score,
        }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Database.DisposeAsync();
    }
}
