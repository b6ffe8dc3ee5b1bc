namespace Telephony.Media.Sessions;

/// <summary>
/// Receives each decoded incoming audio packet (8 kHz mono linear). The span is only valid during the call:
/// the buffer is reused for the next packet, so copy what must be kept.
/// </summary>
public delegate void AudioFrameHandler(ReadOnlySpan<short> samples);
