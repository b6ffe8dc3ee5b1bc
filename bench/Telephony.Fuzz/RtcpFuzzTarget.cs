using Telephony.Media.Rtcp;

namespace Telephony.Fuzz;

/// <summary>An RTCP compound packet as it reaches the session's RTCP port: read or refused, never thrown.</summary>
public static class RtcpFuzzTarget
{
    public static void Run(ReadOnlySpan<byte> data) => _ = RtcpReader.TryRead(data, out _, out _);
}
