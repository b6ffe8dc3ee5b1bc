using Telephony.Sip;

namespace Telephony.Server.Hosting;

/// <summary>Routes the SIP stack's log (BCL-only by design) into the host's logging.</summary>
public sealed class SipLogAdapter(ILogger<SipEndpoint> logger) : ISipLog
{
    public void Log(SipLogLevel level, string message, Exception? error = null)
    {
        var mapped = level switch
        {
            SipLogLevel.Trace => LogLevel.Trace,
            SipLogLevel.Debug => LogLevel.Debug,
            SipLogLevel.Information => LogLevel.Information,
            SipLogLevel.Warning => LogLevel.Warning,
            SipLogLevel.Error => LogLevel.Error,
            _ => LogLevel.Warning,
        };
#pragma warning disable CA2254 // The SIP stack formats its own messages; they are not templates.
        logger.Log(mapped, error, message);
#pragma warning restore CA2254
    }
}
