namespace Telephony.Sip;

public enum SipLogLevel
{
    Trace,
    Debug,
    Information,
    Warning,
    Error,
}

/// <summary>
/// Logging seam of the SIP stack (the library takes no logging package); the server adapts it to ILogger.
/// Messages never contain phone numbers in clear.
/// </summary>
public interface ISipLog
{
    void Log(SipLogLevel level, string message, Exception? error = null);
}

/// <summary>Discards everything.</summary>
public sealed class NullSipLog : ISipLog
{
    public static NullSipLog Instance { get; } = new();

    public void Log(SipLogLevel level, string message, Exception? error = null)
    {
    }
}
