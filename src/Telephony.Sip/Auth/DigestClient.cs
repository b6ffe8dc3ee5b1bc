using System.Globalization;
using System.Security.Cryptography;

namespace Telephony.Sip.Auth;

/// <summary>Credentials a UAC answers challenges with; a null realm answers any realm.</summary>
public sealed record SipClientCredentials(string Username, string Password, string? Realm = null);

/// <summary>Answers a Digest challenge (the UAC side).</summary>
public static class DigestClient
{
    /// <summary>
    /// Builds the Authorization value for a request, or null when the credentials are for another realm.
    /// qop=auth is used whenever the server offers it (nc counts uses of the nonce, from 1).
    /// </summary>
    public static DigestAuthorization? Answer(DigestChallenge challenge, SipClientCredentials credentials, string method, string digestUri, uint nonceCount = 1, string? cnonce = null)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.Realm is not null && !string.Equals(credentials.Realm, challenge.Realm, StringComparison.Ordinal))
        {
            return null;
        }

        var useQop = challenge.QopOptions.Any(q => q.Equals("auth", StringComparison.OrdinalIgnoreCase));
        string? qop = null;
        string? nc = null;
        if (useQop || challenge.Algorithm.IsSession)
        {
            cnonce ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        }

        if (useQop)
        {
            qop = "auth";
            nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);
        }

        var ha1 = DigestComputation.Ha1(challenge.Algorithm, credentials.Username, challenge.Realm, credentials.Password);
        var response = DigestComputation.Response(challenge.Algorithm, ha1, method, digestUri, challenge.Nonce, qop, nc, cnonce);
        return new DigestAuthorization(credentials.Username, challenge.Realm, challenge.Nonce, digestUri, response, challenge.Algorithm, qop, nc, cnonce, challenge.Opaque);
    }
}
