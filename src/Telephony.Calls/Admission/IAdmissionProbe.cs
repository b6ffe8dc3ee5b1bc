namespace Telephony.Calls.Admission;

/// <summary>What admission reads of the node on every INVITE: cheap reads, no system call (the probe samples apart).</summary>
public interface IAdmissionProbe
{
    int FreePortPairs { get; }

    /// <summary>Open file descriptors now (sampled, corrected by the RTP sockets opened or closed since), 0 when unknown.</summary>
    long OpenDescriptors { get; }

    /// <summary>Resident memory of the process at the last sample, 0 when unknown.</summary>
    long ResidentBytes { get; }
}
