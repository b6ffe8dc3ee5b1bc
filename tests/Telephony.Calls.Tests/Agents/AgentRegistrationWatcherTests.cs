using System.Net;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Calls.Agents;
using Telephony.Sip.Messages;
using Telephony.Sip.Registrar;
using Telephony.Sip.Transport;

namespace Telephony.Calls.Tests.Agents;

public sealed class AgentRegistrationWatcherTests
{
    private static readonly ClusterNode Node = new("S127.0.0.1:11111:1");

    [Fact]
    public async Task A_phone_registering_then_expiring_tells_its_agents_grain_registered_then_not()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001");
        var registrar = new FakeRegistrar();
        using var watcher = await StartWatcherAsync(agents, registrar);

        registrar.Change("sip:1001@telephony.example", registered: true);
        Assert.Equal((agent.Agent.Id, true), await NextAsync(agents.Grains));

        registrar.Change("sip:1001@telephony.example", registered: false);
        Assert.Equal((agent.Agent.Id, false), await NextAsync(agents.Grains));

        // A phone that is no agent's (another service's AOR) is ignored; the next real change still gets through.
        registrar.Change("sip:nobody@telephony.example", registered: true);
        registrar.Change("sip:1001@10.0.0.5", registered: true);
        Assert.Equal((agent.Agent.Id, true), await NextAsync(agents.Grains));
        await watcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_nodes_bindings_are_published_under_its_name_with_contact_address_and_path()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001");
        var registrar = new FakeRegistrar();
        using var watcher = await StartWatcherAsync(agents, registrar);

        registrar.Change("sip:1001@telephony.example", registered: true, path: ["<sip:127.0.0.1:5060;lr>"]);
        Assert.Equal((agent.Agent.Id, true), await NextAsync(agents.Grains));

        var published = Assert.Single(agents.Grains.Published["1001"][Node.Id]);
        Assert.Equal((Node.Id, "sip:phone@127.0.0.1:5062", "127.0.0.1:5062", "Udp"), (published.Node, published.Contact, published.ReceivedFrom, published.Transport));
        Assert.Equal(["<sip:127.0.0.1:5060;lr>"], published.Path);
        await watcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_publication_that_failed_is_tried_again_without_a_new_change()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001");
        var registrar = new FakeRegistrar();
        using var watcher = await StartWatcherAsync(agents, registrar);

        agents.Grains.Failure = new TimeoutException("the grain's silo just died");
        registrar.Change("sip:1001@telephony.example", registered: true);
        await Task.Delay(500);
        agents.Grains.Failure = null;

        using var retry = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal((agent.Agent.Id, true), await agents.Grains.Registrations.Reader.ReadAsync(retry.Token));
        await watcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_unreachable_grain_is_logged_and_the_next_change_is_still_sent()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001");
        var registrar = new FakeRegistrar();
        using var watcher = await StartWatcherAsync(agents, registrar);

        agents.Grains.Failure = new TimeoutException("silo down");
        registrar.Change("sip:1001@telephony.example", registered: true);
        await Task.Delay(200);
        agents.Grains.Failure = null;
        registrar.Change("sip:1001@telephony.example", registered: false);

        Assert.Equal((agent.Agent.Id, false), await NextAsync(agents.Grains));
        await watcher.StopAsync(CancellationToken.None);
    }

    private static async Task<AgentRegistrationWatcher> StartWatcherAsync(AgentsUnderTest agents, FakeRegistrar registrar)
    {
        var watcher = new AgentRegistrationWatcher(registrar, agents.Directory, agents.Grains, Node, NullLogger<AgentRegistrationWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);
        return watcher;
    }

    private static async Task<(string, bool)> NextAsync(FakeCallCentreGrains grains)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await grains.Registrations.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>A registrar whose bindings the test sets, raising BindingsChanged as the real one does.</summary>
    private sealed class FakeRegistrar : ISipRegistrar
    {
        private readonly Dictionary<string, IReadOnlyList<SipBinding>> _byAor = new(StringComparer.Ordinal);

        public event EventHandler<SipBindingsChangedEventArgs>? BindingsChanged;

        public IReadOnlyList<SipBinding> Lookup(string aor) => _byAor.GetValueOrDefault(aor) ?? [];

        public IReadOnlyList<SipBinding> LookupUser(string user) =>
            _byAor.Where(kv => SipUri.TryParse(kv.Key, out var uri) && uri!.User == user).SelectMany(kv => kv.Value).ToList();

        public void Change(string aor, bool registered, IReadOnlyList<string>? path = null)
        {
            _byAor[aor] = registered ? [Binding(aor) with { Path = path ?? [] }] : [];
            BindingsChanged?.Invoke(this, new SipBindingsChangedEventArgs(aor, _byAor[aor]));
        }

        private static SipBinding Binding(string aor)
        {
            SipUri.TryParse("sip:phone@127.0.0.1:5062", out var contact);
            // SipFlow is only made by the transport; a test binding borrows its constructor.
            var flow = (SipFlow)Activator.CreateInstance(typeof(SipFlow), BindingFlags.NonPublic | BindingFlags.Instance, null,
                [SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5062), new IPEndPoint(IPAddress.Loopback, 5060), null], null)!;
            return new SipBinding(aor, contact!, flow, DateTimeOffset.UtcNow.AddHours(1), "call-id", 1);
        }
    }
}
