using System.Reflection;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// The console's page, script and style sheet, embedded in the server's assembly (no build step, no CDN: the page
/// works on a network with no way out), read once.
/// </summary>
public sealed class ConsoleAssets
{
    private const string Prefix = "AgentConsole.";

    // Everything from this server, nothing inline, no framing: a script injected into the page could read what the
    // caller keyed for the agent.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _assets = new(StringComparer.Ordinal);

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            _assets[name[Prefix.Length..]] = (Read(assembly, name), ContentTypeOf(name));
        }
    }

    /// <summary>The asset with the console's security headers, or 404 for a name that is not one.</summary>
    public IResult Serve(HttpContext http, string name)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        SecurityHeaders(http.Response);
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    /// <summary>Set on every console answer (page, assets and API): nothing cached, sniffed, framed or referred.</summary>
    public static void SecurityHeaders(HttpResponse response)
    {
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
