using Telephony.Sip.Messages;

namespace Telephony.Sip;

/// <summary>Builds responses from a request as RFC 3261 §8.2.6 prescribes (Via, From, To, Call-ID, CSeq copied).</summary>
internal static class ResponseBuilder
{
    public static SipResponse Create(SipMessage request, int statusCode, string reason, string? toTag, string userAgent)
    {
        var response = new SipResponse(statusCode, reason);
        foreach (var header in request.Headers)
        {
            if (header.Name is SipHeaderNames.Via or SipHeaderNames.From or SipHeaderNames.CallId or SipHeaderNames.CSeq)
            {
                response.Headers.Add(header.Name, header.Value);
            }
            else if (header.Name is SipHeaderNames.To)
            {
                response.Headers.Add(header.Name, WithTag(header.Value, toTag));
            }
        }

        response.Headers.Add("Server", userAgent);
        response.Headers.Add(SipHeaderNames.ContentLength, "0");
        return response;
    }

    /// <summary>Adds ";tag=" to a To value that has none (kept as written otherwise).</summary>
    private static string WithTag(string to, string? tag)
    {
        if (tag is null || !NameAddress.TryParse(to, out var parsed) || parsed!.Tag is not null)
        {
            return to;
        }

        return $"{to};tag={tag}";
    }
}
