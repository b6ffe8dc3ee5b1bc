
namespace Telephony.Calls.Callbacks;

/// <summary>Records a callback the caller accepted in the IVR.</summary>
public interface ICallbackRequester
{
    /// <returns>False when the caller's number cannot be called back.</returns>
    Task<bool> RequestAsync(string callId, string network, string line, string queueId, string? callerNumber);
}
