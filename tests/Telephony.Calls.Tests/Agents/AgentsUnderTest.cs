using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Tests.Agents;

/// <summary>The agent services wired as the host wires them, on a real SQLite database and fake grains.</summary>
internal sealed class AgentsUnderTest : IAsyncDisposable
{
    public const string Realm = "telephony";

    private AgentsUnderTest(AgentTestDatabase database)
    {
        Database = database;
        Directory = new AgentDirectory(database.Agents, Realm, TimeProvider.System, NullLogger<AgentDirectory>.Instance);
        Administration = new AgentAdministration(database.Agents, Directory, Grains, TimeProvider.System, NullLogger<AgentAdministration>.Instance);
        Accounts = new AgentAccounts(database.Agents);
        Bootstrap = new AgentBootstrap(Administration, database.Agents, NullLogger<AgentBootstrap>.Instance);
    }

    public AgentTestDatabase Database { get; }

    public FakeCallCentreGrains Grains { get; } = new();

    public AgentDirectory Directory { get; }

    public AgentAdministration Administration { get; }

    public AgentAccounts Accounts { get; }

    public AgentBootstrap Bootstrap { get; }

    public static async Task<AgentsUnderTest> CreateAsync() => new(await AgentTestDatabase.CreateAsync());

    public async Task<AgentView> CreateAgentAsync(string sipUsername, string password = "correct-horse-battery", params AgentSkill[] skills) =>
        await Administration.CreateAsync(new NewAgent($"Agent {sipUsername}", sipUsername, password, skills), CancellationToken.None)
            ?? throw new InvalidOperationException($"{sipUsername} is taken");

    public async ValueTask DisposeAsync()
    {
        Directory.Dispose();
        await Database.DisposeAsync();
    }
}
