namespace Telephony.Sip.Transactions;

/// <summary>RFC 3261 §17 timer values derived from T1, T2, T4.</summary>
internal sealed record SipTimers(TimeSpan T1, TimeSpan T2, TimeSpan T4)
{
    /// <summary>64*T1: Timer B, F, H, J and the 2xx retransmission window.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    public TimeSpan NextRetransmit(TimeSpan current) => current * 2 < T2 ? current * 2 : T2;
}
