namespace Telephony.Storage.Orleans;

/// <summary>How this node's silo joins its cluster (the server fills it from the <c>Orleans</c> configuration section).</summary>
public sealed class TelephonySiloOptions
{
    public string ClusterId { get; set; } = "telephony";

    /// <summary>Keys grain state and reminders: keep it stable across deployments or they are lost to the new one.</summary>
    public string ServiceId { get; set; } = "telephony";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// PostgreSQL (multi-node) only: the address other nodes reach this silo at, an IP or a host name resolved at
    /// start-up; empty takes the address of this machine's host name. SQLite clustering is loopback-only and ignores it.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
