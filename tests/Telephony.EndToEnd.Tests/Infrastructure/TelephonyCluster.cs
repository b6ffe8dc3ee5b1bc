using System.Text;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Two real server nodes on one PostgreSQL database (one Orleans cluster: ADO.NET membership, grain state, reminders),
/// each with its own SIP, RTP, HTTP, silo and gateway ports on loopback, and Kamailio in front of them: the README's
/// "Several nodes" set-up on one machine.
/// </summary>
public sealed class TelephonyCluster : IAsyncDisposable
{
    private TelephonyCluster(IReadOnlyList<ServerProcess> nodes, KamailioProcess kamailio, string connectionString)
    {
        Nodes = nodes;
        Kamailio = kamailio;
        ConnectionString = connectionString;
    }

    /// <summary>The cluster's PostgreSQL database, for tests that read what the nodes stored.</summary>
    public string ConnectionString { get; }

    public IReadOnlyList<ServerProcess> Nodes { get; }

    public KamailioProcess Kamailio { get; }

    /// <summary>Every process's output, for a failing test's report.</summary>
    public string Output
    {
        get
        {
            var text = new StringBuilder();
            for (var i = 0; i < Nodes.Count; i++)
            {
                text.AppendLine($"===== node {i + 1} (SIP {Nodes[i].SipPort}, silo {Nodes[i].SiloPort}) =====").AppendLine(Nodes[i].Output);
            }

            return text.AppendLine("===== kamailio =====").AppendLine(Kamailio.Output).ToString();
        }
    }

    /// <param name="settings">Extra configuration given to both nodes.</param>
    public static async Task<TelephonyCluster> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await PostgresDatabases.CreateFreshAsync();
        var nodes = new List<ServerProcess>();
        try
        {
            // One after the other: the first creates the cluster's membership, the second joins it.
            for (var i = 0; i < 2; i++)
            {
                nodes.Add(await ServerProcess.StartAsync(NodeSettings(database, exportsAgentStates: i == 0, settings)));
            }

            var kamailio = await KamailioProcess.StartAsync(nodes.Select(n => n.SipPort).ToList());
            return new TelephonyCluster(nodes, kamailio, database);
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The node whose silo is named by an Orleans silo address (<c>S127.0.0.1:port:generation</c>).</summary>
    public ServerProcess NodeOf(string siloAddress) =>
        Nodes.Single(n => siloAddress.Contains($":{n.SiloPort}:", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Kamailio.DisposeAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }

    private static Dictionary<string, string> NodeSettings(string database, bool exportsAgentStates, IReadOnlyDictionary<string, string>? extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = database,
            ["Orleans:AdvertisedAddress"] = "127.0.0.1",
            // What every node of a cluster must share: a nonce one node issued is good on the other, callers hash alike.
            ["Agents:NonceSecret"] = "e2e-cluster-nonce-secret",
            ["Callers:HashKey"] = "e2e-cluster-caller-hash-key-0123456789",
            // A callback stored by one node is dialled by another: both read the numbers it encrypted.
            ["Storage:EncryptionKey"] = "e2e-cluster-storage-encryption-key-0123456789",
            // Kamailio relays the phones' REGISTERs with its Path.
            ["Sip:TrustedProxies:0"] = "127.0.0.1",
            ["Metrics:ExportAgentStates"] = exportsAgentStates ? "true" : "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
