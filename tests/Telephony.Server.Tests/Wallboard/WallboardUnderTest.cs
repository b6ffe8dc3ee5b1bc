using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Calls;
using Telephony.Calls.Agents;
using Telephony.Calls.Reporting;
using Telephony.Calls.Tests.Agents;
using Telephony.Server.Admin;
using Telephony.Server.Configuration;
using Telephony.Server.Tests.Admin;
using Telephony.Server.Wallboard;
using Telephony.Storage;

namespace Telephony.Server.Tests.Wallboard;

/// <summary>
/// The wallboard's routes on a real HTTP listener (loopback, free port) over SQLite call records, the agent services
/// with fake grains and the repository's IVR scripts; one viewer key, the figures read again every second.
/// </summary>
internal sealed class WallboardUnderTest : IAsyncDisposable
{
    public const string AdminKey = "server-tests-admin-key-0123";
    public const string ViewerKey = "viewer-key-for-the-hall-screen";

    private readonly WebApplication _app;

    private WallboardUnderTest(WebApplication app, AgentsUnderTest agents)
    {
        _app = app;
        Agents = agents;
        BaseAddress = new Uri(app.Urls.First());
        Records = new CallRecordRepository(agents.Database.Factory);
    }

    public AgentsUnderTest Agents { get; }

    public FakeCallCentreGrains Grains => Agents.Grains;

    public CallRecordRepository Records { get; }

    public Uri BaseAddress { get; }

    public static async Task<WallboardUnderTest> StartAsync()
    {
        var agents = await AgentsUnderTest.CreateAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wallboard:ViewerKeys:0"] = ViewerKey,
            ["Wallboard:RefreshInterval"] = "00:00:01",
        });
        builder.Services.AddSingleton(Options.Create(new AdminSettings { ApiKey = AdminKey }));
        builder.Services.AddSingleton<AdminApiKey>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(agents.Database.Factory);
        builder.Services.AddSingleton<IAgentRepository>(agents.Database.Agents);
        builder.Services.AddSingleton<ICallCentreGrains>(agents.Grains);
        builder.Services.AddSingleton<ILineScripts>(new RepositoryScripts());
        builder.Services.AddSingleton<CallCountRepository>();
        builder.Services.AddSingleton<CallReports>();
        builder.Services.AddWallboard(builder.Configuration);
        var app = builder.Build();
        app.MapWallboard();
        await app.StartAsync();
        return new WallboardUnderTest(app, agents);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as a test needs to see them.</summary>
    public HttpClient NewClient(out System.Net.CookieContainer cookies)
    {
        cookies = new System.Net.CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Stores a call of CNAV 3960 that ended a minute ago.</summary>
    public Task AddCallAsync(string outcome) => Records.AddAsync(new CallRecord
    {
        Id = Guid.NewGuid(),
        CallId = Guid.NewGuid().ToString("N"),
        Network = "CNAV",
        Line = "3960",
        StartedAt = DateTimeOffset.UtcNow.AddMinutes(-3),
        EndedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        Outcome = outcome,
    }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Agents.DisposeAsync();
    }
}
