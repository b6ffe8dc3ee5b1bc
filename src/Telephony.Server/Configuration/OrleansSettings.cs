using Telephony.Storage.Orleans;

namespace Telephony.Server.Configuration;

/// <summary>
/// The <c>Orleans</c> configuration section. Where the silo keeps membership, grain state and reminders follows
/// <c>Storage:Provider</c>: SQLite runs a single node on loopback, PostgreSQL a cluster of nodes sharing the database.
/// </summary>
public sealed class OrleansSettings
{
    public const string SectionName = "Orleans";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "telephony";

    public string ServiceId { get; set; } = "telephony";

    /// <summary>PostgreSQL only: the IP or host name the other nodes reach this one at (empty: this host name's address).</summary>
    public string? AdvertisedAddress { get; set; }

    public TelephonySiloOptions ToSiloOptions() => new()
    {
        SiloPort = SiloPort,
        GatewayPort = GatewayPort,
        ClusterId = ClusterId,
        ServiceId = ServiceId,
        AdvertisedAddress = AdvertisedAddress,
    };
}
