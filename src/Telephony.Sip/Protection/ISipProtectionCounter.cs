namespace Telephony.Sip.Protection;

/// <summary>
/// Counting seam of the protection (the library takes no metrics package): the host adapts it to its counters.
/// Reasons are the constants of <see cref="SipProtectionReasons"/>, a closed set safe as metric labels. Called on the
/// transport's threads: be quick and never throw.
/// </summary>
public interface ISipProtectionCounter
{
    /// <summary>A source was banned.</summary>
    void Banned(string reason);

    /// <summary>A message or connection was refused (dropped unanswered, or a new INVITE answered 403 or 486).</summary>
    void Refused(string reason);
}

public static class SipProtectionReasons
{
    /// <summary>Ban: more messages than RequestsPerSecond with RequestBurst. Refusal: the message that crossed it.</summary>
    public const string RequestRate = "request_rate";

    /// <summary>Ban: MaxFailedAuthentications within FailedAuthenticationWindow.</summary>
    public const string AuthFailures = "auth_failures";

    /// <summary>Ban: more than MaxInvitesWithoutAck new INVITEs unacknowledged at once. Refusal: the INVITE that crossed it.</summary>
    public const string InvitesInFlight = "invites_in_flight";

    /// <summary>Refusal: a message or a connection from a banned source.</summary>
    public const string Banned = "banned";

    /// <summary>Refusal: a TCP connection over MaxTcpConnectionsPerAddress.</summary>
    public const string TcpConnections = "tcp_connections";

    /// <summary>Refusal: a new INVITE from outside the trunk ranges (answered 403).</summary>
    public const string TrunkRange = "trunk_range";

    /// <summary>Refusal: a new INVITE from a source holding MaxCallsPerSource (or MaxCallsPerTrunkSource) calls (answered 486).</summary>
    public const string CallsPerSource = "calls_per_source";

    public static readonly IReadOnlyList<string> BanReasons = [RequestRate, AuthFailures, InvitesInFlight];

    public static readonly IReadOnlyList<string> RefusalReasons = [Banned, RequestRate, InvitesInFlight, TcpConnections, TrunkRange, CallsPerSource];
}

/// <summary>Counts nothing.</summary>
public sealed class NullSipProtectionCounter : ISipProtectionCounter
{
    public static NullSipProtectionCounter Instance { get; } = new();

    public void Banned(string reason)
    {
    }

    public void Refused(string reason)
    {
    }
}
