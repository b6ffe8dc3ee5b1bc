using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Telephony.Server.Admin;

namespace Telephony.Server.Wallboard;

/// <summary>
/// Who may see the wallboard: a viewer key (<c>Wallboard:ViewerKeys</c>) or the admin key, in a header, or once in the
/// address (<c>?key=</c>) for a screen that cannot send headers; that visit sets a cookie holding a value derived
/// from the key (SHA-256, never the key itself, so a cookie read off a wall screen's browser opens the wallboard and
/// nothing else). Removing a viewer key from the configuration closes its cookies too.
/// </summary>
public sealed class WallboardAccess
{
    /// <summary>HttpOnly, SameSite=Strict, on /wallboard only, Secure over HTTPS.</summary>
    public const string CookieName = "telephony_wallboard";

    /// <summary>The query parameter a screen's address may carry the key in.</summary>
    public const string QueryKey = "key";

    private const string Purpose = "telephony-wallboard";

    private readonly AdminApiKey _admin;
    private readonly byte[][] _viewerKeys;
    private readonly byte[][] _tokens;

    public WallboardAccess(IOptions<WallboardSettings> settings, AdminApiKey admin)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _admin = admin;
        _viewerKeys = settings.Value.ViewerKeys.Select(k => Encoding.UTF8.GetBytes(k.Trim())).ToArray();
        _tokens = _viewerKeys.Select(k => AdminApiKey.DeriveToken(Purpose, k)).Append(admin.DerivedToken(Purpose))
            .Select(t => Encoding.ASCII.GetBytes(t)).ToArray();
    }

    /// <summary>True for a viewer key or the admin key (constant time).</summary>
    public bool IsKey(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        // Every key compared, so the time taken does not tell which one was nearly right.
        var viewer = _viewerKeys.Aggregate(false, (found, key) => CryptographicOperations.FixedTimeEquals(bytes, key) | found);
        return viewer | _admin.Matches(presented);
    }

    /// <summary>The cookie value standing for <paramref name="key"/> (a key <see cref="IsKey"/> accepted).</summary>
    public static string CookieValueOf(string key) => AdminApiKey.DeriveToken(Purpose, Encoding.UTF8.GetBytes(key));

    public bool IsCookieValue(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 100)
        {
            return false;
        }

        var bytes = Encoding.ASCII.GetBytes(value);
        return _tokens.Aggregate(false, (found, token) => CryptographicOperations.FixedTimeEquals(bytes, token) | found);
    }
}
