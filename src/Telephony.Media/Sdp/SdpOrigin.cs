namespace Telephony.Media.Sdp;

/// <summary>The o= line: who made the description and which version of it this is.</summary>
public sealed record SdpOrigin(
    string UserName,
    string SessionId,
    string SessionVersion,
    string NetworkType,
    string AddressType,
    string Address)
{
    public override string ToString() =>
        $"{UserName} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";

    internal static SdpOrigin Parse(string value, int lineNumber)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            throw new SdpParseException("o= needs 6 fields: username sess-id sess-version nettype addrtype address", lineNumber);
        }

        return new SdpOrigin(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }
}
