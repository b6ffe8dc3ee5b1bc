
namespace Telephony.Server.Configuration;

/// <summary>The <c>Orleans</c> configuration section (embedded, single-node localhost clustering for now).</summary>
public sealed class OrleansSettings
{
    public const string SectionName = "Orleans";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "telephony";

    public string ServiceId { get; set; } = "telephony";
}
