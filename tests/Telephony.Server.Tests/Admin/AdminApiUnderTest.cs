using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Calls;
using Telephony.Calls.Agents;
using Telephony.Calls.Tests.Agents;
using Telephony.Ivr;
using Telephony.Server.Admin;
using Telephony.Server.Configuration;
using Telephony.Storage;

namespace Telephony.Server.Tests.Admin;

/// <summary>
/// The agent and queue routes on a real HTTP listener (loopback, free port) behind the real admin key filter, over the
/// agent services on SQLite, with fake grains and the repository's IVR scripts.
/// </summary>
internal sealed class AdminApiUnderTest : IAsyncDisposable
{
    public const string Key = "server-tests-admin-key-0123";

    private readonly WebApplication _app;

    private AdminApiUnderTest(WebApplication app, AgentsUnderTest agents, HttpClient http)
    {
        _app = app;
        Agents = agents;
        Http = http;
    }

    public AgentsUnderTest Agents { get; }

    public FakeCallCentreGrains Grains => Agents.Grains;

    /// <summary>Sends the admin key with every request.</summary>
    public HttpClient Http { get; }

    public static async Task<AdminApiUnderTest> StartAsync()
    {
        var agents = await AgentsUnderTest.CreateAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Options.Create(new AdminSettings { ApiKey = Key }));
        builder.Services.Configure<AgentSettings>(agentSettings => agentSettings.PauseReasons = ["formation", "reunion"]);
        builder.Services.AddSingleton<AdminApiKey>();
        builder.Services.AddSingleton<AdminKeyFilter>();
        builder.Services.AddSingleton<IAgentRepository>(agents.Database.Agents);
        builder.Services.AddSingleton(agents.Administration);
        builder.Services.AddSingleton<ICallCentreGrains>(agents.Grains);
        builder.Services.AddSingleton<ILineScripts>(new RepositoryScripts());
        var app = builder.Build();
        var admin = app.MapGroup("/admin").AddEndpointFilter<AdminKeyFilter>();
        admin.MapAgentEndpoints();
        admin.MapQueueEndpoints();
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return new AdminApiUnderTest(app, agents, http);
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Creates an agent through the API and returns its id.</summary>
    public async Task<string> CreateAgentAsync(string sipUsername, string skillsJson = "[]")
    {
        using var response = await Http.PostAsync("/admin/agents", new StringContent(
            $$"""{"displayName": "Agent {{sipUsername}}", "sipUsername": "{{sipUsername}}", "password": "correct-horse-battery", "skills": {{skillsJson}}}"""));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Agents.DisposeAsync();
    }

    internal sealed class RepositoryScripts : ILineScripts
    {
        public IvrScriptSet Current { get; } = IvrScriptSet.LoadDirectory(Path.Combine(RepositoryRoot(), "ivr-scripts"));

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Telephony.sln not found above the test binaries.");
        }
    }
}
