using System.Text;

namespace Telephony.Sip.Auth;

/// <summary>An Authorization / Proxy-Authorization Digest answer (RFC 7616 §3.4).</summary>
public sealed record DigestAuthorization(
    string Username,
    string Realm,
    string Nonce,
    string Uri,
    string Response,
    DigestAlgorithm Algorithm,
    string? Qop = null,
    string? NonceCount = null,
    string? Cnonce = null,
    string? Opaque = null)
{
    /// <summary>Parses an answer; null when a required parameter is missing or the algorithm is unknown.</summary>
    public static DigestAuthorization? TryParse(string? headerValue)
    {
        var p = DigestParameterParser.TryParse(headerValue);
        if (p is null
            || !p.TryGetValue("username", out var username)
            || !p.TryGetValue("realm", out var realm)
            || !p.TryGetValue("nonce", out var nonce)
            || !p.TryGetValue("uri", out var uri)
            || !p.TryGetValue("response", out var response))
        {
            return null;
        }

        var algorithm = DigestAlgorithm.FromName(p.GetValueOrDefault("algorithm"));
        if (algorithm is null)
        {
            return null;
        }

        var qop = p.GetValueOrDefault("qop");
        var nc = p.GetValueOrDefault("nc");
        var cnonce = p.GetValueOrDefault("cnonce");
        // With qop, nc and cnonce are mandatory (RFC 7616 §3.4).
        if (qop is not null && (nc is null || cnonce is null))
        {
            return null;
        }

        return new DigestAuthorization(username, realm, nonce, uri, response, algorithm, qop, nc, cnonce, p.GetValueOrDefault("opaque"));
    }

    public string ToHeaderValue()
    {
        var builder = new StringBuilder("Digest ")
            .Append("username=").Append(DigestParameterParser.Quote(Username))
            .Append(", realm=").Append(DigestParameterParser.Quote(Realm))
            .Append(", nonce=").Append(DigestParameterParser.Quote(Nonce))
            .Append(", uri=").Append(DigestParameterParser.Quote(Uri))
            .Append(", response=").Append(DigestParameterParser.Quote(Response))
            .Append(", algorithm=").Append(Algorithm.Name);
        if (Cnonce is not null)
        {
            builder.Append(", cnonce=").Append(DigestParameterParser.Quote(Cnonce));
        }

        if (Opaque is not null)
        {
            builder.Append(", opaque=").Append(DigestParameterParser.Quote(Opaque));
        }

        if (Qop is not null)
        {
            builder.Append(", qop=").Append(Qop).Append(", nc=").Append(NonceCount);
        }

        return builder.ToString();
    }
}
