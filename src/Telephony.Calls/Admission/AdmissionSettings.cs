namespace Telephony.Calls.Admission;

/// <summary>
/// The <c>Admission</c> configuration section: the marks past which a new INVITE is refused with 503 and Retry-After
/// before anything is allocated for it. Zero means "derived": from the RTP port range, <c>ulimit -n</c> and the memory
/// the runtime may use. Calls in progress are never affected by a mark.
/// </summary>
public sealed class AdmissionSettings
{
    public const string SectionName = "Admission";

    /// <summary>Calls in progress (answered or being set up) past which new INVITEs are refused; 0: derived from <c>ulimit -n</c> (4 descriptors a call).</summary>
    public int MaxCalls { get; set; }

    /// <summary>INVITEs admitted and not yet confirmed by their ACK (or refused) past which new ones are refused; 0: derived.</summary>
    public int MaxSetupsInFlight { get; set; }

    /// <summary>RTP port pairs kept free for calls already up (an agent's leg, a callback); 0: derived (2 % of the range, at least 4).</summary>
    public int MinFreePortPairs { get; set; }

    /// <summary>Share of the process's descriptor limit (<c>ulimit -n</c>) past which new INVITEs are refused.</summary>
    public double MaxDescriptorShare { get; set; } = 0.85;

    /// <summary>Resident memory past which new INVITEs are refused; 0: 80 % of what the runtime may use (RAM or container limit).</summary>
    public double MaxMemoryMegabytes { get; set; }

    /// <summary>
    /// Work items queued on the thread pool past which new INVITEs are refused; 0 turns the mark off. The other marks
    /// count what calls hold; this one sees the node falling behind on its work (measured: at 3x its sustainable rate a
    /// node admitted calls within every other mark until it answered nothing at all). A sampler that cannot run for 2 s
    /// counts as past the mark.
    /// </summary>
    public long MaxPendingWorkItems { get; set; } = 2000;

    /// <summary>The Retry-After of a refusal: when the caller's side (or Kamailio) may try this node again.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>
    /// How long our 200 OK waits for its ACK before the call is given up (BYE) and its RTP ports released. RFC 3261's
    /// 64×T1 is 32 s, which let unacknowledged INVITEs pin every port; 8 s still covers four retransmissions of the 200.
    /// </summary>
    public double AckTimeoutSeconds { get; set; } = 8;

    /// <summary>What is wrong with the values, or null.</summary>
    public string? Validate()
    {
        if (MaxCalls < 0 || MaxSetupsInFlight < 0 || MinFreePortPairs < 0 || MaxMemoryMegabytes < 0)
        {
            return "Admission:MaxCalls, MaxSetupsInFlight, MinFreePortPairs and MaxMemoryMegabytes are 0 (derived) or more";
        }

        if (MaxPendingWorkItems < 0)
        {
            return $"Admission:MaxPendingWorkItems is 0 (not checked) or more (got {MaxPendingWorkItems})";
        }

        if (MaxDescriptorShare is <= 0 or > 1)
        {
            return $"Admission:MaxDescriptorShare is a share of ulimit -n, above 0 and at most 1 (got {MaxDescriptorShare})";
        }

        if (RetryAfterSeconds is < 1 or > 3600)
        {
            return $"Admission:RetryAfterSeconds is 1 to 3600 (got {RetryAfterSeconds})";
        }

        return AckTimeoutSeconds is < 1 or > 32
            ? $"Admission:AckTimeoutSeconds is 1 to 32, RFC 3261's 64×T1 (got {AckTimeoutSeconds})"
            : null;
    }
}
