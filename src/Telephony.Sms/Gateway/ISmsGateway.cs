namespace Telephony.Sms;

/// <summary>Where SMS leave the service. One implementation: Kannel's HTTP sendsms interface.</summary>
public interface ISmsGateway
{
    /// <summary>Hands one SMS to the gateway. Never throws for a gateway problem: it is the result.</summary>
    /// <param name="cancellationToken">Cancels the wait only; the sender's own timeout bounds the request.</param>
    Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <param name="To">E.164.</param>
public sealed record SmsMessage(string To, string Text)
{
    public override string ToString() => $"SmsMessage {{ To = {Telephony.Storage.PhoneNumberMasking.Mask(To)}, Length = {Text.Length} }}";
}

/// <param name="Accepted">The gateway took the SMS for delivery (Kannel: 202 Accepted).</param>
/// <param name="Detail">The gateway's answer or why there was none (connection refused, timeout); never the number or the text.</param>
public sealed record SmsSendResult(bool Accepted, string Detail)
{
    public static SmsSendResult Accept(string detail) => new(true, detail);

    public static SmsSendResult Fail(string detail) => new(false, detail);
}
