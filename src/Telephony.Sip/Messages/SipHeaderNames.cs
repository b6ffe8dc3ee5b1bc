using System.Collections.Frozen;

namespace Telephony.Sip.Messages;

/// <summary>
/// Canonical spellings of the header names this stack knows, and the RFC 3261 §7.3.3 compact forms.
/// Known names are stored in canonical form so lookups and serialization are stable; unknown names
/// are kept exactly as received.
/// </summary>
public static class SipHeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string ContentEncoding = "Content-Encoding";
    public const string Subject = "Subject";
    public const string Supported = "Supported";
    public const string MaxForwards = "Max-Forwards";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";
    public const string Allow = "Allow";
    public const string Accept = "Accept";
    public const string Require = "Require";
    public const string ProxyRequire = "Proxy-Require";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string Server = "Server";
    public const string Date = "Date";
    public const string Event = "Event";
    public const string AllowEvents = "Allow-Events";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string SessionExpires = "Session-Expires";
    public const string Identity = "Identity";
    public const string Warning = "Warning";
    public const string Reason = "Reason";
    public const string Path = "Path";

    // Single-letter compact forms (RFC 3261 §7.3.3 and the extension RFCs that define them).
    private static readonly FrozenDictionary<string, string> Canonical = BuildCanonical();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CanonicalBySpan =
        Canonical.GetAlternateLookup<ReadOnlySpan<char>>();

    private static FrozenDictionary<string, string> BuildCanonical()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["v"] = Via, ["f"] = From, ["t"] = To, ["i"] = CallId, ["m"] = Contact, ["l"] = ContentLength,
            ["c"] = ContentType, ["e"] = ContentEncoding, ["s"] = Subject, ["k"] = Supported, ["o"] = Event,
            ["u"] = AllowEvents, ["r"] = ReferTo, ["b"] = ReferredBy, ["x"] = SessionExpires, ["y"] = Identity,
        };
        string[] longNames =
        [
            Via, From, To, CallId, CSeq, Contact, ContentLength, ContentType, ContentEncoding, Subject, Supported,
            MaxForwards, Route, RecordRoute, Allow, Accept, Require, ProxyRequire, Unsupported, UserAgent, Server,
            Date, Event, AllowEvents, ReferTo, ReferredBy, SessionExpires, Identity, Warning, Reason, Path,
            "Accept-Encoding", "Accept-Language", "Alert-Info", "Authorization", "Call-Info", "Content-Disposition",
            "Content-Language", "Error-Info", "Expires", "In-Reply-To", "MIME-Version", "Min-Expires", "Organization",
            "Priority", "Proxy-Authenticate", "Proxy-Authorization", "Reply-To", "Retry-After", "Timestamp",
            "WWW-Authenticate", "Authentication-Info", "RSeq", "RAck", "P-Asserted-Identity", "Privacy",
        ];
        foreach (var name in longNames)
        {
            map[name] = name;
        }

        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Canonical name of a known header (compact forms expanded), or null when unknown.</summary>
    public static string? TryCanonicalize(ReadOnlySpan<char> name) =>
        CanonicalBySpan.TryGetValue(name, out var canonical) ? canonical : null;

    /// <summary>Canonical name when known, otherwise the name unchanged.</summary>
    public static string Normalize(string name) => TryCanonicalize(name) ?? name;
}
