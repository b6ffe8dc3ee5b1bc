using Telephony.Ivr;

namespace Telephony.Calls.Callbacks;

/// <summary>Records a callback the caller accepted in the IVR.</summary>
public interface ICallbackRequester
{
    /// <returns>False when the caller's number cannot be called back.</returns>
    /// <param name="callerNumber">The number to call back: the caller ID, or the one the caller confirmed in the IVR.</param>
    /// <param name="rules">The numbers the IVR node accepts beyond French fixed and mobile ones; null: none.</param>
    Task<bool> RequestAsync(string callId, string network, string line, string queueId, string? callerNumber, NumberRules? rules = null);
}
