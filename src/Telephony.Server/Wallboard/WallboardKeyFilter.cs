using Microsoft.Extensions.Options;
using Telephony.Server.Admin;

namespace Telephony.Server.Wallboard;

/// <summary>
/// Admits a wallboard request with the wallboard's cookie, or with a key (header, or <c>?key=</c> once: the answer is
/// then a redirect to the same address without the key, so it does not stay in the address bar); a key sets the
/// cookie. Anything else is a 401 in French.
/// </summary>
public sealed class WallboardKeyFilter(WallboardAccess access, IOptions<WallboardSettings> settings) : IEndpointFilter
{
    public const string Refusal =
        "Accès refusé : le tableau mural demande une clé de consultation. Ouvrez une fois l'adresse /wallboard?key=<clé> "
        + "(la clé est ensuite gardée dans un cookie), ou envoyez-la dans l'en-tête X-Api-Key.";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        Web.EmbeddedAssets.SecurityHeaders(http.Response);
        if (access.IsCookieValue(http.Request.Cookies[WallboardAccess.CookieName]))
        {
            return await next(context);
        }

        var fromHeader = AdminApiKey.PresentedKey(http.Request);
        var key = fromHeader ?? http.Request.Query[WallboardAccess.QueryKey].ToString();
        if (!access.IsKey(key))
        {
            return Results.Text(Refusal, "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        http.Response.Cookies.Append(WallboardAccess.CookieName, WallboardAccess.CookieValueOf(key), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = WallboardEndpoints.Path,
            MaxAge = settings.Value.CookieLifetime,
            IsEssential = true,
        });
        return fromHeader is null && HttpMethods.IsGet(http.Request.Method)
            ? Results.Redirect(http.Request.PathBase + http.Request.Path, permanent: false, preserveMethod: false)
            : await next(context);
    }
}
