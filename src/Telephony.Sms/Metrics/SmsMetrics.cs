using Prometheus;

namespace Telephony.Sms;

/// <summary>
/// <c>telephony_sms_total{network,kind,result}</c>: each send attempt's outcome. <c>sent</c> once per SMS the gateway
/// accepted, <c>retried</c> per failed attempt that will be tried again, <c>failed</c> once per SMS given up (every
/// attempt failed, too late to be of use, or it could not be stored). Never a number or an appointment as a label.
/// </summary>
public sealed class SmsMetrics
{
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Retried = "retried";

    private static readonly string[] Results = [Sent, Failed, Retried];

    private readonly Counter _sms;

    public SmsMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _sms = factory.CreateCounter(
            "telephony_sms_total",
            "SMS to citizens by kind (confirmation, reminder, callback_failed) and result: sent (the gateway accepted it), retried (an attempt failed, another follows), failed (given up).",
            ["network", "kind", "result"]);
    }

    public void Counted(string network, string kind, string result) => _sms.WithLabels(network, kind, result).Inc();

    /// <summary>Creates the network's series at zero, so rates and alerts see them before the first SMS.</summary>
    public void DeclareNetwork(string network)
    {
        foreach (var kind in Enum.GetValues<SmsKind>())
        {
            foreach (var result in Results)
            {
                _sms.WithLabels(network, kind.Label(), result);
            }
        }
    }
}
