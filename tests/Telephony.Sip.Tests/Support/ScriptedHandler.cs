using System.Collections.Concurrent;

namespace Telephony.Sip.Tests.Support;

/// <summary>Runs a test-provided script for each call and keeps the calls for assertions.</summary>
internal sealed class ScriptedHandler(Func<IncomingCall, Task>? script = null) : ISipCallHandler
{
    private readonly TaskCompletionSource<IncomingCall> _firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<IncomingCall> Calls { get; } = new();

    public ConcurrentQueue<Exception> ScriptErrors { get; } = new();

    public Task<IncomingCall> FirstCall => _firstCall.Task;

    public Task OnIncomingCallAsync(IncomingCall call)
    {
        Calls.Enqueue(call);
        _firstCall.TrySetResult(call);
        if (script is not null)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await script(call);
                }
                catch (Exception e)
                {
                    ScriptErrors.Enqueue(e);
                }
            });
        }

        return Task.CompletedTask;
    }
}
