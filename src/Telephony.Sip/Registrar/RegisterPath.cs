using System.Net;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Registrar;

/// <summary>
/// The Path of a REGISTER (RFC 3327): the proxies that relayed it, nearest the registrar first, each naming itself so
/// that requests to the phone come back through it. Only a proxy the registrar trusts may set it: a Path from anyone
/// else would let a phone send the server's calls wherever it likes.
/// </summary>
internal static class RegisterPath
{
    private const int MaxEntries = 8;

    /// <summary>
    /// The Path values in order, each checked to be a name-addr with a SIP URI (null when one is not, or too many);
    /// empty when the request has none.
    /// </summary>
    public static IReadOnlyList<string>? TryRead(SipRequest request)
    {
        var values = request.Headers.GetValues(SipHeaderNames.Path).Where(v => v.Length > 0).ToList();
        if (values.Count > MaxEntries)
        {
            return null;
        }

        foreach (var value in values)
        {
            if (!NameAddress.TryParse(value, out var entry) || !entry!.Uri.IsSip || entry.Uri.Host.Length == 0)
            {
                return null;
            }
        }

        return values;
    }

    /// <summary>Whether the UA said it understands Path (<c>Supported: path</c>), so the 200 may echo it (RFC 3327 §5.3).</summary>
    public static bool IsSupportedBy(SipRequest request) =>
        request.Headers.GetValues(SipHeaderNames.Supported).Any(tag => string.Equals(tag.Trim(), "path", StringComparison.OrdinalIgnoreCase));

    public static bool IsTrusted(IReadOnlyCollection<IPAddress> proxies, IPEndPoint source) =>
        proxies.Any(p => p.Equals(source.Address) || (source.Address.IsIPv4MappedToIPv6 && p.Equals(source.Address.MapToIPv4())));
}
