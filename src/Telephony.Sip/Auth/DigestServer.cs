using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Telephony.Sip.Auth;

public enum DigestVerdict
{
    /// <summary>The answer is right and fresh.</summary>
    Accepted,

    /// <summary>No usable answer for this realm: challenge.</summary>
    Missing,

    /// <summary>Wrong password, unknown user, forged nonce or malformed answer: challenge again.</summary>
    Rejected,

    /// <summary>Right password on an expired or forgotten nonce: challenge with stale=true.</summary>
    Stale,

    /// <summary>An nc already seen for this nonce.</summary>
    Replayed,
}

/// <summary>Outcome of checking an Authorization header; <see cref="Username"/> is set when accepted.</summary>
public sealed record DigestCheck(DigestVerdict Verdict, string? Username);

/// <summary>
/// The server side of Digest (RFC 7616 with qop=auth, RFC 8760 SHA-256): issues challenges with
/// HMAC-signed nonces and verifies answers against an <see cref="ISipCredentialStore"/>.
/// </summary>
public sealed class DigestServer
{
    // Random per process: no answer can match it.
    private static readonly SipCredential UnknownUser = new("unknown", "unknown", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    private readonly NonceIssuer _nonces;
    private readonly NonceCountTracker _counts;
    private readonly ISipCredentialStore _store;
    private readonly TimeProvider _time;

    public DigestServer(string realm, ISipCredentialStore store, byte[] secret, TimeSpan nonceLifetime, int maxTrackedNonces = 10_000, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(realm);
        Realm = realm;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? TimeProvider.System;
        _nonces = new NonceIssuer(secret, realm, nonceLifetime, _time);
        _counts = new NonceCountTracker(maxTrackedNonces);
    }

    public string Realm { get; }

    /// <summary>Offered algorithms, preferred first: one challenge header per algorithm (RFC 8760 §2.4).</summary>
    public IReadOnlyList<DigestAlgorithm> Algorithms { get; init; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    /// <summary>Nonces currently remembered for replay checks (bounded).</summary>
    public int TrackedNonceCount => _counts.Count;

    /// <summary>WWW-Authenticate values for a 401, one per algorithm, sharing one fresh nonce.</summary>
    public IReadOnlyList<string> CreateChallenges(bool stale)
    {
        var nonce = _nonces.Issue();
        return Algorithms.Select(a => new DigestChallenge(Realm, nonce, a, ["auth"], null, stale).ToHeaderValue()).ToList();
    }

    /// <summary>Checks every Authorization value of a request; the one for this realm decides.</summary>
    public async ValueTask<DigestCheck> CheckAsync(string method, IEnumerable<string> authorizationValues)
    {
        var answer = authorizationValues.Select(DigestAuthorization.TryParse).FirstOrDefault(a => a is not null && a.Realm == Realm);
        if (answer is null)
        {
            return new DigestCheck(DigestVerdict.Missing, null);
        }

        // Without qop there is no nc, hence no replay protection: only qop=auth is accepted.
        if (!string.Equals(answer.Qop, "auth", StringComparison.OrdinalIgnoreCase)
            || !uint.TryParse(answer.NonceCount, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var nc)
            || answer.NonceCount!.Length != 8)
        {
            return new DigestCheck(DigestVerdict.Rejected, null);
        }

        var nonceState = _nonces.Check(answer.Nonce, out var issuedAt);
        if (nonceState == NonceState.Forged)
        {
            return new DigestCheck(DigestVerdict.Rejected, null);
        }

        // Only the stored HA1 is used, never a password. An unknown user is checked against a throwaway HA1 so that
        // it costs the same work as a wrong password and the answer time does not tell which usernames exist.
        var credential = await _store.FindAsync(answer.Username, Realm).ConfigureAwait(false);
        var ha1 = credential?.Ha1For(answer.Algorithm) ?? UnknownUser.Ha1For(answer.Algorithm);
        var expected = DigestComputation.Response(answer.Algorithm, ha1, method, answer.Uri, answer.Nonce, "auth", answer.NonceCount, answer.Cnonce);
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(answer.Response.ToLowerInvariant()));
        if (credential is null || !matches)
        {
            return new DigestCheck(DigestVerdict.Rejected, null);
        }

        if (nonceState == NonceState.Expired)
        {
            return new DigestCheck(DigestVerdict.Stale, null);
        }

        _counts.ForgetIssuedBefore((_time.GetUtcNow() - _nonces.Lifetime).ToUnixTimeMilliseconds());
        return _counts.Use(answer.Nonce, issuedAt, nc) switch
        {
            NonceUse.Fresh => new DigestCheck(DigestVerdict.Accepted, credential.Username),
            NonceUse.Replayed => new DigestCheck(DigestVerdict.Replayed, null),
            // A nonce the bounded tracker had to forget: the client just needs a new one.
            _ => new DigestCheck(DigestVerdict.Stale, null),
        };
    }
}
