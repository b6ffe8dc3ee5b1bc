namespace Telephony.Sip.Auth;

/// <summary>
/// A SIP account (an agent phone) as the registrar checks it: user name, realm and the digest HA1 hashes,
/// H(username:realm:password) with MD5 and with SHA-256 (RFC 7616 §3.4.2). The password itself is not kept: given
/// one, the hashes are computed at once; a store that only has hashes uses <see cref="FromHa1"/>.
/// </summary>
public sealed record SipCredential
{
    /// <summary>An account from its clear password (tests, callers that have one); only its hashes are kept.</summary>
    public SipCredential(string username, string realm, string password)
        : this(username, realm, DigestComputation.Ha1(DigestAlgorithm.Md5, username, realm, password), DigestComputation.Ha1(DigestAlgorithm.Sha256, username, realm, password))
    {
    }

    private SipCredential(string username, string realm, string ha1Md5, string ha1Sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(realm);
        Username = username;
        Realm = realm;
        Ha1Md5 = ha1Md5;
        Ha1Sha256 = ha1Sha256;
    }

    public string Username { get; }

    public string Realm { get; }

    /// <summary>Lower-case hex MD5 of <c>username:realm:password</c>, for MD5 and MD5-sess answers.</summary>
    public string Ha1Md5 { get; }

    /// <summary>Lower-case hex SHA-256 of <c>username:realm:password</c>, for SHA-256 and SHA-256-sess answers (RFC 8760).</summary>
    public string Ha1Sha256 { get; }

    /// <summary>An account from stored hashes (hex, either case); they must be for this very username and realm.</summary>
    /// <exception cref="ArgumentException">A hash is not hex of the right length (32 for MD5, 64 for SHA-256).</exception>
    public static SipCredential FromHa1(string username, string realm, string ha1Md5, string ha1Sha256) =>
        new(username, realm, CheckedHex(ha1Md5, 32, nameof(ha1Md5)), CheckedHex(ha1Sha256, 64, nameof(ha1Sha256)));

    /// <summary>The HA1 an answer with this algorithm is computed from ("-sess" variants rehash it with the nonces).</summary>
    public string Ha1For(DigestAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm.UsesSha256 ? Ha1Sha256 : Ha1Md5;
    }

    // The hashes are as good as the password against this realm: keep them out of logs and debugger displays.
    public override string ToString() => $"SipCredential {{ Username = {Username}, Realm = {Realm} }}";

    private static string CheckedHex(string value, int length, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length != length || value.AsSpan().IndexOfAnyExcept("0123456789abcdefABCDEF") >= 0)
        {
            throw new ArgumentException($"An HA1 hash here is {length} hex characters.", name);
        }

        return value.ToLowerInvariant();
    }
}
