using System.Globalization;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Registrar;

/// <summary>A contact of a REGISTER with the expiry it asks for (explicit parameter or header, else null).</summary>
internal sealed record RequestedContact(SipUri Uri, uint? Expires);

/// <summary>What a REGISTER asks: a fetch (no Contact), "*" (remove all) or a list of contacts.</summary>
internal sealed record RegisterIntent(bool IsWildcard, IReadOnlyList<RequestedContact> Contacts, uint? ExpiresHeader);

/// <summary>Reads Contact and Expires of a REGISTER (RFC 3261 §10.2, §10.3 steps 6-7); null when malformed.</summary>
internal static class RegisterRequestReader
{
    private const int MaxContacts = 32;

    public static RegisterIntent? TryRead(SipRequest request)
    {
        uint? expiresHeader = null;
        if (request.Headers.Get("Expires") is { } expiresText)
        {
            if (!uint.TryParse(expiresText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return null;
            }

            expiresHeader = parsed;
        }

        var values = request.Headers.GetValues(SipHeaderNames.Contact);
        if (values.Count > MaxContacts)
        {
            return null;
        }

        if (values.Any(v => v.Trim() == "*"))
        {
            // "*" is only valid alone and with Expires: 0.
            return values.Count == 1 && expiresHeader == 0 ? new RegisterIntent(true, [], expiresHeader) : null;
        }

        var contacts = new List<RequestedContact>(values.Count);
        foreach (var value in values)
        {
            if (!NameAddress.TryParse(value, out var contact) || !contact!.Uri.IsSip)
            {
                return null;
            }

            uint? expires = expiresHeader;
            if (contact.Parameters.Contains("expires"))
            {
                if (!uint.TryParse(contact.Parameters.Get("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var own))
                {
                    return null;
                }

                expires = own;
            }

            contacts.Add(new RequestedContact(contact.Uri, expires));
        }

        return new RegisterIntent(false, contacts, expiresHeader);
    }
}
