namespace Telephony.Server.Configuration;

/// <summary>
/// The <c>Monitoring</c> section: <c>Url</c>, when set, is a separate listening address (e.g. an internal interface)
/// that serves <c>/metrics</c> and <c>/health</c>, and only them; the main address then no longer serves them.
/// Unset: both stay on the main address, as before.
/// </summary>
public sealed class MonitoringSettings
{
    public const string SectionName = "Monitoring";

    public string? Url { get; set; }

    /// <summary>The monitoring address, or null when unset; throws naming the key when it is not an http URL with a port.</summary>
    public Uri? ParseUrl()
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            return null;
        }

        if (!Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !HasExplicitPort(Url))
        {
            throw new InvalidOperationException(
                $"Monitoring:Url '{Url}' must be an http URL with an address and a port and no path, e.g. http://10.0.0.5:9464 or http://127.0.0.1:9464.");
        }

        return uri;
    }

    private static bool HasExplicitPort(string text)
    {
        var authority = text.Trim()["http://".Length..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        return colon > 0 && colon > authority.LastIndexOf(']') && authority[(colon + 1)..].All(char.IsAsciiDigit) && colon < authority.Length - 1;
    }
}
