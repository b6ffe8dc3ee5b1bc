namespace Telephony.Calls.Admission;

/// <summary>
/// The gate every new INVITE passes before anything is allocated for it: past a mark (calls in progress, set-ups in
/// flight, free RTP port pairs, descriptors, memory) or while the node drains for shutdown, it is refused so the
/// caller's side or Kamailio tries again elsewhere. A check is a handful of reads and one interlocked add, so a flood
/// of INVITEs is shed for a few microseconds each instead of taking sockets, records and memory until the process dies.
/// </summary>
public sealed class CallAdmission(AdmissionMarks marks, IAdmissionProbe probe)
{
    private int _calls;
    private int _setups;
    private volatile bool _draining;

    public AdmissionMarks Marks { get; } = marks;

    /// <summary>Calls admitted and not yet over (set-ups included).</summary>
    public int ActiveCalls => Volatile.Read(ref _calls);

    /// <summary>Calls admitted whose 200 OK has not been acknowledged yet (nor refused).</summary>
    public int SetupsInFlight => Volatile.Read(ref _setups);

    public bool IsDraining => _draining;

    /// <summary>From now on every new INVITE is refused; calls in progress go on.</summary>
    public void BeginDrain() => _draining = true;

    /// <summary>
    /// Admits a new call (it then counts as a call and a set-up in flight until <see cref="SetupEnded"/> and
    /// <see cref="CallEnded"/>), or says which mark refused it.
    /// </summary>
    public AdmissionRefusal TryAdmit()
    {
        if (_draining)
        {
            return AdmissionRefusal.Draining;
        }

        var refusal = CheckResources();
        if (refusal != AdmissionRefusal.None)
        {
            return refusal;
        }

        // Counted first and checked after, so a burst on many threads cannot overshoot a mark.
        if (Interlocked.Increment(ref _calls) > Marks.MaxCalls && Marks.MaxCalls > 0)
        {
            Interlocked.Decrement(ref _calls);
            return AdmissionRefusal.Calls;
        }

        if (Interlocked.Increment(ref _setups) > Marks.MaxSetupsInFlight && Marks.MaxSetupsInFlight > 0)
        {
            Interlocked.Decrement(ref _setups);
            Interlocked.Decrement(ref _calls);
            return AdmissionRefusal.SetupsInFlight;
        }

        return AdmissionRefusal.None;
    }

    /// <summary>The admitted call's set-up is over: confirmed by its ACK, refused, or given up.</summary>
    public void SetupEnded() => Interlocked.Decrement(ref _setups);

    /// <summary>The admitted call is over.</summary>
    public void CallEnded() => Interlocked.Decrement(ref _calls);

    private AdmissionRefusal CheckResources()
    {
        if (Marks.MinFreePortPairs > 0 && probe.FreePortPairs <= Marks.MinFreePortPairs)
        {
            return AdmissionRefusal.Ports;
        }

        if (Marks.MaxDescriptors > 0 && probe.OpenDescriptors >= Marks.MaxDescriptors)
        {
            return AdmissionRefusal.Descriptors;
        }

        if (Marks.MaxResidentBytes > 0 && probe.ResidentBytes >= Marks.MaxResidentBytes)
        {
            return AdmissionRefusal.Memory;
        }

        return Marks.MaxPendingWorkItems > 0 && probe.PendingWorkItems >= Marks.MaxPendingWorkItems
            ? AdmissionRefusal.Backlog
            : AdmissionRefusal.None;
    }
}
