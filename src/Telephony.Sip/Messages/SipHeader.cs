namespace Telephony.Sip.Messages;

/// <summary>One header line as it appears in the message (folding already replaced by a single space).</summary>
public readonly record struct SipHeader(string Name, string Value);
