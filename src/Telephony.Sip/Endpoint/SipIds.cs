using System.Security.Cryptography;

namespace Telephony.Sip;

/// <summary>Random tags and branches (RFC 3261 §19.3: at least 32 bits of randomness).</summary>
internal static class SipIds
{
    public static string NewTag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewBranch() => Messages.ViaHeader.MagicCookie + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
