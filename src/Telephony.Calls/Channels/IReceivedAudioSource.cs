using Telephony.Media.Sessions;

namespace Telephony.Calls.Channels;

/// <summary>
/// A channel whose received audio (8 kHz, decoded, in order from the jitter buffer) can be handed to a consumer: the
/// call's speech recognition. The handler runs on the media receive thread: it must only copy, never wait.
/// </summary>
public interface IReceivedAudioSource
{
    /// <summary>Sets (or, with null, removes) the one consumer of the caller's audio.</summary>
    void SetAudioReceiver(AudioFrameHandler? receiver);
}
