using Telephony.Sip.Messages;

namespace Telephony.Sip.Registrar;

/// <summary>Canonical AOR text: "sip:user@host", host lower-cased, no port or parameters (RFC 3261 §10.3 step 5).</summary>
internal static class AddressOfRecord
{
    public static string? FromUri(SipUri uri) =>
        uri.IsSip && !string.IsNullOrEmpty(uri.User) && uri.Host.Length > 0 ? $"sip:{uri.User}@{uri.HostForUri.ToLowerInvariant()}" : null;

    public static string? Normalize(string aor) => SipUri.TryParse(aor, out var uri) ? FromUri(uri!) : null;
}
