using System.Reflection;

namespace Telephony.Server.Web;

/// <summary>
/// A page's HTML, script and style sheet, embedded in the server's assembly under one prefix (no build step, no CDN:
/// the pages work on a network with no way out), read once, served with a strict content security policy. The agent
/// console (<c>AgentConsole.</c>) and the wallboard (<c>Wallboard.</c>) each have theirs.
/// </summary>
public abstract class EmbeddedAssets
{
    // Everything from this server, nothing inline, no framing: a script injected into a page could read what it shows.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _assets = new(StringComparer.Ordinal);

    /// <param name="prefix">The logical name prefix of the resources (see Telephony.Server.csproj).</param>
    protected EmbeddedAssets(string prefix)
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _assets[name[prefix.Length..]] = (Read(assembly, name), ContentTypeOf(name));
        }
    }

    /// <summary>The asset with the pages' security headers, or 404 for a name that is not one.</summary>
    public IResult Serve(HttpContext http, string name)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!_assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        SecurityHeaders(http.Response);
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    /// <summary>Set on every answer of these pages (page, assets and API): nothing cached, sniffed, framed or referred.</summary>
    public static void SecurityHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
