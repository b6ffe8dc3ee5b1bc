namespace Telephony.Calls.Admission;

/// <summary>Why a new INVITE was refused before anything was allocated for it (the <c>reason</c> label of the metric).</summary>
public enum AdmissionRefusal
{
    None,
    Draining,
    Calls,
    SetupsInFlight,
    Ports,
    Descriptors,
    Memory,

    /// <summary>The node's thread pool has more work queued than it gets through (or its sampler itself was held up).</summary>
    Backlog,
}

public static class AdmissionRefusals
{
    public static string Label(this AdmissionRefusal refusal) => refusal switch
    {
        AdmissionRefusal.Draining => "draining",
        AdmissionRefusal.Calls => "calls",
        AdmissionRefusal.SetupsInFlight => "setups_in_flight",
        AdmissionRefusal.Ports => "rtp_ports",
        AdmissionRefusal.Descriptors => "descriptors",
        AdmissionRefusal.Memory => "memory",
        AdmissionRefusal.Backlog => "backlog",
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Not a refusal."),
    };

    /// <summary>Every refusal, for creating the metric's series at zero.</summary>
    public static IReadOnlyList<AdmissionRefusal> All { get; } =
        [AdmissionRefusal.Draining, AdmissionRefusal.Calls, AdmissionRefusal.SetupsInFlight, AdmissionRefusal.Ports, AdmissionRefusal.Descriptors, AdmissionRefusal.Memory, AdmissionRefusal.Backlog];
}
