using System.Text;

namespace Telephony.Sip.Auth;

/// <summary>A WWW-Authenticate / Proxy-Authenticate Digest challenge (RFC 7616 §3.3).</summary>
public sealed record DigestChallenge(string Realm, string Nonce, DigestAlgorithm Algorithm, IReadOnlyList<string> QopOptions, string? Opaque = null, bool Stale = false)
{
    /// <summary>Parses a challenge; null when it is not a usable Digest challenge (unknown algorithm, no nonce, ...).</summary>
    public static DigestChallenge? TryParse(string? headerValue)
    {
        var p = DigestParameterParser.TryParse(headerValue);
        if (p is null || !p.TryGetValue("realm", out var realm) || !p.TryGetValue("nonce", out var nonce) || nonce.Length == 0)
        {
            return null;
        }

        var algorithm = DigestAlgorithm.FromName(p.GetValueOrDefault("algorithm"));
        if (algorithm is null)
        {
            return null;
        }

        var qop = p.TryGetValue("qop", out var qopList)
            ? qopList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        var stale = p.TryGetValue("stale", out var staleText) && staleText.Equals("true", StringComparison.OrdinalIgnoreCase);
        return new DigestChallenge(realm, nonce, algorithm, qop, p.GetValueOrDefault("opaque"), stale);
    }

    public string ToHeaderValue()
    {
        var builder = new StringBuilder("Digest ")
            .Append("realm=").Append(DigestParameterParser.Quote(Realm))
            .Append(", nonce=").Append(DigestParameterParser.Quote(Nonce));
        if (Opaque is not null)
        {
            builder.Append(", opaque=").Append(DigestParameterParser.Quote(Opaque));
        }

        builder.Append(", algorithm=").Append(Algorithm.Name);
        if (QopOptions.Count > 0)
        {
            builder.Append(", qop=").Append(DigestParameterParser.Quote(string.Join(",", QopOptions)));
        }

        if (Stale)
        {
            builder.Append(", stale=true");
        }

        return builder.ToString();
    }
}
