namespace Telephony.Fuzz;

/// <summary>Input handler of one fuzz target: any exception escaping it is a finding.</summary>
public delegate void FuzzTarget(ReadOnlySpan<byte> data);

/// <summary>
/// Every target by name, with the assemblies that hold the code it reaches: those are the ones SharpFuzz must
/// instrument for AFL to see their branches.
/// </summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, (FuzzTarget Run, string[] Assemblies)> All { get; } =
        new Dictionary<string, (FuzzTarget, string[])>(StringComparer.Ordinal)
        {
            ["sip"] = (SipFuzzTarget.Run, ["Telephony.Sip.dll"]),
            ["sdp"] = (SdpFuzzTarget.Run, ["Telephony.Media.dll"]),
            ["rtp"] = (RtpFuzzTarget.Run, ["Telephony.Media.dll"]),
            ["rtcp"] = (RtcpFuzzTarget.Run, ["Telephony.Media.dll"]),
            ["ivr"] = (IvrFuzzTarget.Run, ["Telephony.Ivr.dll", "YamlDotNet.dll"]),
        };

    public static bool TryGet(string? name, out FuzzTarget run)
    {
        if (name is not null && All.TryGetValue(name, out var entry))
        {
            run = entry.Run;
            return true;
        }

        run = null!;
        return false;
    }
}
