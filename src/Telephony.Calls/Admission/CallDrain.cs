namespace Telephony.Calls.Admission;

/// <summary>
/// Graceful shutdown of the calls on this node: first no new call (<see cref="CallAdmission.BeginDrain"/>), the calls in
/// progress go on for up to <c>Shutdown:DrainSeconds</c>, and only then are the remaining ones ended (BYE, recorded as
/// <c>dropped</c>/<c>service_stopping</c>) by <see cref="EndCalls"/>. The call flows watch <see cref="CallsMustEnd"/>
/// rather than the host's stopping token, which fires at the very start of the shutdown.
/// </summary>
public sealed class CallDrain : IDisposable
{
    private readonly CancellationTokenSource _end = new();

    public CancellationToken CallsMustEnd => _end.Token;

    public void EndCalls()
    {
        try
        {
            _end.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed at the end of the shutdown: nothing is left to end.
        }
    }

    public void Dispose() => _end.Dispose();
}
