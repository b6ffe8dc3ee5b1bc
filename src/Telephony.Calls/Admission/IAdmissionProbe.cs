namespace Telephony.Calls.Admission;

/// <summary>What admission reads of the node on every INVITE: cheap reads, no system call (the probe samples apart).</summary>
public interface IAdmissionProbe
{
    int FreePortPairs { get; }

    /// <summary>Open file descriptors now (sampled, corrected by the RTP sockets opened or closed since), 0 when unknown.</summary>
    long OpenDescriptors { get; }

    /// <summary>Resident memory of the process at the last sample, 0 when unknown.</summary>
    long ResidentBytes { get; }

    /// <summary>
    /// Work items queued on the thread pool at the last sample, or <see cref="long.MaxValue"/> when the sampler itself
    /// has not run for a while (a starved pool cannot even sample); 0 when not measured.
    /// </summary>
    long PendingWorkItems => 0;
}
