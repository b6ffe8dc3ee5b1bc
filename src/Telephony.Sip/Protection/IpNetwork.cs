using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Telephony.Sip.Protection;

/// <summary>
/// An address range in CIDR notation (<c>192.0.2.0/24</c>, <c>2001:db8::/32</c>; a bare address is one host). An
/// IPv4 address seen as IPv4-mapped IPv6 (dual-mode sockets) matches the IPv4 range.
/// </summary>
public sealed class IpNetwork
{
    private readonly byte[] _prefix;

    private IpNetwork(IPAddress prefix, int length)
    {
        Prefix = prefix;
        PrefixLength = length;
        _prefix = prefix.GetAddressBytes();
    }

    public IPAddress Prefix { get; }

    public int PrefixLength { get; }

    /// <summary>Parses <c>address[/length]</c>; the error says what is wrong with the text, null when it is good.</summary>
    public static bool TryParse(string? text, out IpNetwork? network, out string? error)
    {
        network = null;
        var trimmed = (text ?? string.Empty).Trim();
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? trimmed : trimmed[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal) || !IsDotted(addressText))
        {
            error = $"'{text}' is not an address or CIDR range (e.g. 192.0.2.0/24, 203.0.113.7 or 2001:db8::/32)";
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = bits;
        if (slash >= 0)
        {
            var lengthText = trimmed[(slash + 1)..];
            if (lengthText.Length is 0 or > 3 || !lengthText.All(char.IsAsciiDigit)
                || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > bits)
            {
                error = $"'{text}': the prefix length must be a number from 0 to {bits}";
                return false;
            }
        }

        var candidate = new IpNetwork(address, length);
        if (!candidate.HostBitsClear())
        {
            // 10.1.2.3/8 is most likely a typo for a host or for 10.0.0.0/8: refuse to guess which.
            error = $"'{text}' has bits set beyond its /{length} prefix (write the range's first address, or the host alone)";
            return false;
        }

        network = candidate;
        error = null;
        return true;
    }

    /// <exception cref="FormatException">The text is not an address or CIDR range.</exception>
    public static IpNetwork Parse(string text) =>
        TryParse(text, out var network, out var error) ? network! : throw new FormatException(error);

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != Prefix.AddressFamily)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        var full = PrefixLength / 8;
        if (!bytes[..full].SequenceEqual(_prefix.AsSpan(0, full)))
        {
            return false;
        }

        var rest = PrefixLength % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return full < written && (bytes[full] & mask) == (_prefix[full] & mask);
    }

    /// <summary>Whether any of the ranges holds the address.</summary>
    public static bool AnyContains(IReadOnlyList<IpNetwork> networks, IPAddress address)
    {
        for (var i = 0; i < networks.Count; i++)
        {
            if (networks[i].Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{Prefix}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    // IPAddress.TryParse takes "10" or "10.1" as IPv4 shorthands (10.0.0.0, 10.0.0.1): in a security setting that is
    // a typo far more often than a wish, so an IPv4 address must have its four parts.
    private static bool IsDotted(string text) => text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3;

    private bool HostBitsClear()
    {
        for (var bit = PrefixLength; bit < _prefix.Length * 8; bit++)
        {
            if ((_prefix[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
