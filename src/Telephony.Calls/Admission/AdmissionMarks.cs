namespace Telephony.Calls.Admission;

/// <summary>
/// The marks in force, settled once at start-up from <see cref="AdmissionSettings"/> and what the node has (its RTP
/// port pairs, its descriptor limit, the memory the runtime may use). A mark of zero is not checked.
/// </summary>
public sealed record AdmissionMarks(int MaxCalls, int MaxSetupsInFlight, int MinFreePortPairs, long MaxDescriptors, long MaxResidentBytes, long MaxPendingWorkItems = 0)
{
    /// <summary>Descriptors a call may hold at worst: the caller's RTP and RTCP sockets and an agent leg's.</summary>
    public const int DescriptorsPerCall = 4;

    /// <summary>Descriptors the process holds besides calls (SIP, HTTP, Orleans, the database, files).</summary>
    public const int BaseDescriptors = 256;

    /// <param name="portPairs">RTP port pairs of the configured range.</param>
    /// <param name="descriptorLimit">The soft <c>ulimit -n</c>, or 0 when unknown (no descriptor mark then).</param>
    /// <param name="availableMemoryBytes">What the runtime may use (RAM or the container's limit), or 0 when unknown.</param>
    public static AdmissionMarks Derive(AdmissionSettings settings, int portPairs, long descriptorLimit, long availableMemoryBytes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var maxDescriptors = descriptorLimit > 0 ? (long)(descriptorLimit * settings.MaxDescriptorShare) : 0;

        // A small range (a test's, a lab's) keeps no reserve: its last pair is refused as saturated when it is taken.
        var minFree = settings.MinFreePortPairs > 0 ? settings.MinFreePortPairs : portPairs / 50;
        // Derived from descriptors only: the ports have their own mark (the reserve), and a range used up to its last
        // pair still refuses the next call as saturated on its line, as before admission control existed.
        var maxCalls = settings.MaxCalls > 0 ? settings.MaxCalls
            : maxDescriptors > 0 ? (int)Math.Clamp((maxDescriptors - BaseDescriptors) / DescriptorsPerCall, 1, int.MaxValue)
            : 0;
        var sizing = maxCalls > 0 ? maxCalls : portPairs;
        var maxSetups = settings.MaxSetupsInFlight > 0 ? settings.MaxSetupsInFlight : Math.Max(64, sizing / 8);
        var maxResident = settings.MaxMemoryMegabytes > 0
            ? (long)(settings.MaxMemoryMegabytes * 1024 * 1024)
            : availableMemoryBytes > 0 ? availableMemoryBytes / 10 * 8 : 0;
        return new AdmissionMarks(maxCalls, maxSetups, minFree, maxDescriptors, maxResident, settings.MaxPendingWorkItems);
    }
}
