namespace Telephony.Sip.Messages;

/// <summary>
/// Whom a URI names, as the call layer wants it: the user part of a sip:/sips: URI, the number of a tel: URI
/// (RFC 3966). A telephone number (tel:, or sip: with user=phone) loses its parameters and visual separators.
/// </summary>
internal static class TelephoneNumber
{
    public static string? UserOf(SipUri uri)
    {
        if (uri.IsSip)
        {
            return uri.User is { } user && string.Equals(uri.GetUnescapedParameter("user"), "phone", StringComparison.OrdinalIgnoreCase)
                ? Digits(user)
                : uri.User;
        }

        return uri.Scheme == "tel" && uri.Opaque is { } number ? Digits(SipSyntax.Unescape(number)) : null;
    }

    /// <summary>"+33-6-12.34.56.78;isub=1" -> "+33612345678"; null when nothing is left.</summary>
    private static string? Digits(string telephoneSubscriber)
    {
        var semicolon = telephoneSubscriber.IndexOf(';', StringComparison.Ordinal);
        var number = semicolon < 0 ? telephoneSubscriber : telephoneSubscriber[..semicolon];
        // RFC 3966 visual-separator = "-" / "." / "(" / ")": readability only, not part of the number.
        var digits = string.Concat(number.Where(c => c is not ('-' or '.' or '(' or ')')));
        return digits.Length > 0 ? digits : null;
    }
}
