using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telephony.Calls.Agents;
using Telephony.Calls.Tests.Agents;
using Telephony.Grains.Abstractions;
using Telephony.Server.AgentConsole;
using Telephony.Server.Configuration;
using Telephony.Storage;

namespace Telephony.Server.Tests.AgentConsole;

/// <summary>
/// The agent console's routes on a real HTTP listener (loopback, free port) over the agent services on SQLite and
/// fake grains that push every change to their observers. Wrong passwords wait 200 ms, doubling, capped at 1.6 s.
/// </summary>
internal sealed class ConsoleUnderTest : IAsyncDisposable
{
    public const string Password = "correct-horse-battery";
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);

    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private ConsoleUnderTest(WebApplication app, AgentsUnderTest agents, List<string> logs)
    {
        _app = app;
        Agents = agents;
        Logs = logs;
        BaseAddress = new Uri(app.Urls.First());
    }

    public AgentsUnderTest Agents { get; }

    public FakeCallCentreGrains Grains => Agents.Grains;

    public Uri BaseAddress { get; }

    /// <summary>Every line the console logged, formatted as a log file would hold it.</summary>
    public List<string> Logs { get; }

    public ConsoleSessions Sessions => _app.Services.GetRequiredService<ConsoleSessions>();

    public static async Task<ConsoleUnderTest> StartAsync(Action<ConsoleSettings>? settings = null)
    {
        var agents = await AgentsUnderTest.CreateAsync();
        var logs = new List<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ListLoggerProvider(logs));
        builder.Services.Configure<AgentSettings>(agentSettings => agentSettings.PauseReasons = ["formation", "reunion"]);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IAgentRepository>(agents.Database.Agents);
        builder.Services.AddSingleton<IAgentAccounts>(agents.Accounts);
        builder.Services.AddSingleton(agents.Administration);
        builder.Services.AddSingleton<ICallCentreGrains>(agents.Grains);
        builder.Services.AddAgentConsole(builder.Configuration);
        builder.Services.Configure<ConsoleSettings>(console =>
        {
            console.LoginDelay = FirstDelay;
            console.LoginDelayCap = FirstDelay * 8;
            console.HeartbeatInterval = TimeSpan.FromMilliseconds(300);
            settings?.Invoke(console);
        });
        var app = builder.Build();
        app.MapAgentConsole();
        await app.StartAsync();
        return new ConsoleUnderTest(app, agents, logs);
    }

    /// <summary>Creates an agent serving cnav.retraite (its grain configured) and returns its id.</summary>
    public async Task<string> CreateAgentAsync(string sipUsername) =>
        (await Agents.CreateAgentAsync(sipUsername, Password, new AgentSkill("cnav.retraite", 1))).Agent.Id;

    /// <summary>A browser of its own: its cookies, and the page's header on commands unless told otherwise.</summary>
    public ConsoleBrowser NewBrowser()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true };
        var http = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        _clients.Add(http);
        return new ConsoleBrowser(http, handler.CookieContainer);
    }

    /// <summary>A browser logged in as the agent.</summary>
    public async Task<ConsoleBrowser> LoggedInAsync(string sipUsername)
    {
        var browser = NewBrowser();
        var (status, body) = await browser.LogInAsync(sipUsername, Password);
        Assert.True(status == 200, $"login failed: {status} {body}");
        return browser;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        await Agents.DisposeAsync();
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(List<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}

/// <summary>One browser talking to the console: its own cookie jar.</summary>
internal sealed class ConsoleBrowser(HttpClient http, CookieContainer cookies)
{
    public HttpClient Http => http;

    public CookieContainer Cookies => cookies;

    public Task<(int Status, JsonElement Body)> LogInAsync(string sipUsername, string password) =>
        SendAsync(HttpMethod.Post, "/agent/session", JsonSerializer.Serialize(new { sipUsername, password }));

    /// <summary>Sends a request as the page does: JSON, and the console's header on commands unless <paramref name="pageHeader"/> is false.</summary>
    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null, bool pageHeader = true, string? fetchSite = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (pageHeader && method != HttpMethod.Get)
        {
            request.Headers.Add(ConsoleRequests.CommandHeader, "1");
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Opens the live stream (GET /agent/events).</summary>
    public async Task<ServerSentEvents> OpenEventsAsync()
    {
        var response = await http.GetAsync("/agent/events", HttpCompletionOption.ResponseHeadersRead);
        return new ServerSentEvents(response, await response.Content.ReadAsStreamAsync());
    }
}
