using System.Collections.Frozen;
using Prometheus;
using Telephony.Sip;
using Telephony.Sip.Messages;

namespace Telephony.Calls.Metrics;

/// <summary>
/// <c>telephony_sip_requests_total{method}</c> (received) and <c>telephony_sip_responses_total{method,class}</c>
/// (sent, class <c>1xx</c> to <c>6xx</c>), every message on the wire, retransmissions included. A method outside the
/// SIP methods this list knows is counted as <c>other</c>: a peer inventing methods cannot create series. Every child
/// is made here, so counting is an array index and an increment.
/// </summary>
public sealed class SipTrafficMetrics : ISipTrafficCounter
{
    public const string OtherMethod = "other";

    /// <summary>The method labels: the methods of RFC 3261 and its extensions, then <see cref="OtherMethod"/>.</summary>
    public static readonly IReadOnlyList<string> MethodLabels =
    [
        SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Options, SipMethods.Info,
        SipMethods.Register, SipMethods.Prack, SipMethods.Update, SipMethods.Refer, SipMethods.Notify,
        SipMethods.Subscribe, SipMethods.Message, SipMethods.Publish, OtherMethod,
    ];

    public static readonly IReadOnlyList<string> ClassLabels = ["1xx", "2xx", "3xx", "4xx", "5xx", "6xx"];

    // Ordinal: SIP methods are case-sensitive (RFC 3261 §7.1), so "invite" is not INVITE and counts as other.
    private static readonly FrozenDictionary<string, int> MethodIndex =
        MethodLabels.Select((label, index) => (label, index)).Where(m => m.label != OtherMethod)
            .ToFrozenDictionary(m => m.label, m => m.index, StringComparer.Ordinal);

    private readonly ICounter[] _requests;
    private readonly ICounter[,] _responses;

    public SipTrafficMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var requests = factory.CreateCounter(
            "telephony_sip_requests_total",
            "SIP requests received, retransmissions included, by method (methods this server does not know: other).",
            ["method"]);
        var responses = factory.CreateCounter(
            "telephony_sip_responses_total",
            "SIP responses sent, retransmissions included, by the method of their CSeq and status class (1xx to 6xx).",
            ["method", "class"]);
        _requests = MethodLabels.Select(method => (ICounter)requests.WithLabels(method)).ToArray();
        _responses = new ICounter[MethodLabels.Count, ClassLabels.Count];
        for (var method = 0; method < MethodLabels.Count; method++)
        {
            for (var statusClass = 0; statusClass < ClassLabels.Count; statusClass++)
            {
                _responses[method, statusClass] = responses.WithLabels(MethodLabels[method], ClassLabels[statusClass]);
            }
        }
    }

    /// <summary>The label a method is counted under: itself when known, else <see cref="OtherMethod"/>.</summary>
    public static string MethodLabel(string? method) => MethodLabels[IndexOf(method)];

    public void RequestReceived(string method) => _requests[IndexOf(method)].Inc();

    public void ResponseSent(string method, int statusCode)
    {
        // SipResponse only holds 100-699; anything else would be a bug upstream, not a class to invent.
        if (statusCode is >= 100 and <= 699)
        {
            _responses[IndexOf(method), (statusCode / 100) - 1].Inc();
        }
    }

    private static int IndexOf(string? method) =>
        method is not null && MethodIndex.TryGetValue(method, out var index) ? index : MethodLabels.Count - 1;
}
