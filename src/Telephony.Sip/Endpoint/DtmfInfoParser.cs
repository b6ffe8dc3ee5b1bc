using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip;

/// <summary>Reads the digit of a SIP INFO: application/dtmf-relay ("Signal=5") or application/dtmf ("5").</summary>
internal static class DtmfInfoParser
{
    /// <summary>
    /// Hands the INFO's digit, if any, to the call's handler; a failing handler is logged, never thrown into the
    /// transport (both inbound and outbound calls use this).
    /// </summary>
    public static void Dispatch(SipRequest info, Action<char>? handler, ISipLog log, string callDescription)
    {
        if (TryReadDigit(info) is not { } digit)
        {
            return;
        }

        try
        {
            handler?.Invoke(digit);
        }
        catch (Exception e)
        {
            log.Log(SipLogLevel.Error, $"{callDescription}: INFO digit handler failed", e);
        }
    }

    public static char? TryReadDigit(SipRequest info)
    {
        if (info.Body.IsEmpty || info.Body.Length > 1024)
        {
            return null;
        }

        var body = Encoding.UTF8.GetString(info.Body.Span);
        if (info.HasContentType("application/dtmf-relay"))
        {
            foreach (var line in body.Split('\n'))
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && line[..equals].Trim().Equals("Signal", StringComparison.OrdinalIgnoreCase))
                {
                    return Normalize(line[(equals + 1)..].Trim());
                }
            }

            return null;
        }

        return info.HasContentType("application/dtmf") ? Normalize(body.Trim()) : null;
    }

    private static char? Normalize(string signal) => signal switch
    {
        "10" => '*',
        "11" => '#',
        { Length: 1 } when "0123456789*#ABCDabcd".Contains(signal[0]) => char.ToUpperInvariant(signal[0]),
        _ => null,
    };
}
