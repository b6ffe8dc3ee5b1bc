namespace Telephony.Media.Rtp;

/// <summary>The header fields a sender chooses for each packet (version is always 2).</summary>
public readonly record struct RtpHeaderFields(bool Marker, byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc);
