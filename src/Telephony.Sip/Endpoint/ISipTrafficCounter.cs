namespace Telephony.Sip;

/// <summary>
/// Counting seam of the SIP stack (the library takes no metrics package; the host adapts it to its counters). Called
/// for every message on the wire, retransmissions included, on the transport's threads: be quick and never throw.
/// Methods arrive as the peer wrote them (any token, case kept): bound them before using them as a label.
/// </summary>
public interface ISipTrafficCounter
{
    /// <summary>A request arrived (parsed, or malformed but with a request line the endpoint answers).</summary>
    void RequestReceived(string method);

    /// <summary>A response is being sent; <paramref name="method"/> is its CSeq method, empty when that is unreadable.</summary>
    void ResponseSent(string method, int statusCode);
}

/// <summary>Counts nothing.</summary>
public sealed class NullSipTrafficCounter : ISipTrafficCounter
{
    public static NullSipTrafficCounter Instance { get; } = new();

    public void RequestReceived(string method)
    {
    }

    public void ResponseSent(string method, int statusCode)
    {
    }
}
