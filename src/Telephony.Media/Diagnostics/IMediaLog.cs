namespace Telephony.Media.Diagnostics;

/// <summary>
/// Where the media layer reports the exceptions it contains on its hot paths (so that one broken call cannot stop the
/// threads every call shares). The host adapts it to its logger and metrics; this assembly stays free of both.
/// Both methods are called on media threads: they must be quick, must not block and must not throw.
/// </summary>
public interface IMediaLog
{
    /// <summary>Every contained failure, as it happens, for a counter. Should not allocate: a stream may fail 50 times a second.</summary>
    void FailureCounted(MediaComponent component);

    /// <summary>
    /// The first failure of one kind on one stream, then at most one every ten seconds
    /// with the number of failures of that kind left unlogged since the previous call.
    /// </summary>
    void FailureLogged(MediaComponent component, string stream, Exception exception, long unloggedSincePrevious);
}
