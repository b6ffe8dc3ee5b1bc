using System.Security.Cryptography;
using System.Text;

namespace Telephony.Sip.Auth;

/// <summary>
/// A digest hash (RFC 7616 §3.2, RFC 8760): MD5 (legacy, what most phones still send) and SHA-256,
/// each with its "-sess" variant where HA1 also covers the nonce and cnonce.
/// </summary>
public sealed class DigestAlgorithm
{
    public static readonly DigestAlgorithm Md5 = new("MD5", session: false);
    public static readonly DigestAlgorithm Md5Sess = new("MD5-sess", session: true);
    public static readonly DigestAlgorithm Sha256 = new("SHA-256", session: false);
    public static readonly DigestAlgorithm Sha256Sess = new("SHA-256-sess", session: true);

    private DigestAlgorithm(string name, bool session)
    {
        Name = name;
        IsSession = session;
    }

    /// <summary>Token as written in the algorithm parameter.</summary>
    public string Name { get; }

    public bool IsSession { get; }

    /// <summary>SHA-256 or SHA-256-sess: the hash, and so the HA1, is SHA-256; otherwise MD5.</summary>
    public bool UsesSha256 => !Name.StartsWith("MD5", StringComparison.Ordinal);

    /// <summary>Known algorithm by name (case-insensitive); a missing parameter means MD5 (RFC 2617 §3.2.1).</summary>
    public static DigestAlgorithm? FromName(string? name) => name?.Trim() switch
    {
        null or "" => Md5,
        { } n when n.Equals("MD5", StringComparison.OrdinalIgnoreCase) => Md5,
        { } n when n.Equals("MD5-sess", StringComparison.OrdinalIgnoreCase) => Md5Sess,
        { } n when n.Equals("SHA-256", StringComparison.OrdinalIgnoreCase) => Sha256,
        { } n when n.Equals("SHA-256-sess", StringComparison.OrdinalIgnoreCase) => Sha256Sess,
        _ => null,
    };

    /// <summary>Lower-case hex of the hash of the UTF-8 text.</summary>
    public string Hash(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var digest = UsesSha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes);
        return Convert.ToHexStringLower(digest);
    }

    public override string ToString() => Name;
}
