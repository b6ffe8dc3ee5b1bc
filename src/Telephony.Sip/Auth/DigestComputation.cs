namespace Telephony.Sip.Auth;

/// <summary>The request-digest of RFC 2617 §3.2.2 / RFC 7616 §3.4.1, shared by client and server.</summary>
public static class DigestComputation
{
    /// <summary>H(username:realm:password): what a store may keep instead of the password.</summary>
    public static string Ha1(DigestAlgorithm algorithm, string username, string realm, string password)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm.Hash($"{username}:{realm}:{password}");
    }

    /// <summary>
    /// The response value. <paramref name="qop"/> null means the RFC 2069 form H(HA1:nonce:HA2);
    /// "auth" adds nc, cnonce and qop. "-sess" algorithms rehash HA1 with nonce and cnonce.
    /// </summary>
    public static string Response(DigestAlgorithm algorithm, string ha1, string method, string digestUri, string nonce, string? qop, string? nonceCount, string? cnonce)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var sessionHa1 = algorithm.IsSession ? algorithm.Hash($"{ha1}:{nonce}:{cnonce}") : ha1;
        var ha2 = algorithm.Hash($"{method}:{digestUri}");
        return qop is null
            ? algorithm.Hash($"{sessionHa1}:{nonce}:{ha2}")
            : algorithm.Hash($"{sessionHa1}:{nonce}:{nonceCount}:{cnonce}:{qop}:{ha2}");
    }
}
