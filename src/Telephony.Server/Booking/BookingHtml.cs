using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Telephony.Server.Booking;

/// <summary>
/// The booking page's HTML frame and helpers: French, one style sheet from this server, no script at all (the whole
/// flow is forms), and headers that forbid anything else. Every text put into the page goes through <see cref="Encode"/>.
/// </summary>
public static class BookingHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    // Nothing but this server's style sheet and its own forms: no script, no frame, no other origin.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    // Accented letters as they are (the page is UTF-8); markup characters escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    /// <summary>Nothing cached (a page may show a cancellation code), sniffed, framed or referred.</summary>
    public static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
    }

    /// <summary>A whole page: <paramref name="title"/> names what it shows first (and starts with "Erreur" when it shows one).</summary>
    public static string Page(string title, string main) => $"""
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)} – Rendez-vous téléphonique</title>
        <link rel="stylesheet" href="{BookingEndpoints.PagePath}/style.css">
        </head>
        <body>
        <a class="evitement" href="#contenu">Aller au contenu</a>
        <header><p class="marque">Services publics · Rendez-vous téléphonique</p></header>
        <main id="contenu" tabindex="-1">
        {main}
        </main>
        <footer><p>Un conseiller vous appelle pendant le créneau choisi. <a href="{BookingEndpoints.PagePath}/annulation">Annuler un rendez-vous</a></p></footer>
        </body>
        </html>

        """;

    public static IResult Result(int status, string title, string main) => new PageResult(status, Page(title, main));

    /// <summary>The list of errors at the top of a form, each a link to its field.</summary>
    public static string ErrorSummary(IReadOnlyList<PageError> errors)
    {
        if (errors.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder();
        html.Append("<div class=\"resume-erreurs\" role=\"alert\" aria-labelledby=\"resume-erreurs-titre\">\n");
        html.Append($"<h2 id=\"resume-erreurs-titre\">{(errors.Count == 1 ? "Le formulaire contient une erreur" : $"Le formulaire contient {errors.Count} erreurs")}</h2>\n<ul>\n");
        foreach (var error in errors)
        {
            html.Append($"<li><a href=\"#{error.FieldId}\">{Encode(error.Message)}</a></li>\n");
        }

        html.Append("</ul>\n</div>\n");
        return html.ToString();
    }

    /// <summary>The error under a field's label, with the id its field's aria-describedby points to.</summary>
    public static string FieldError(PageError? error) =>
        error is null ? "" : $"<p class=\"erreur\" id=\"{error.DescriptionId}\"><span class=\"invisible\">Erreur : </span>{Encode(error.Message)}</p>\n";

    /// <summary>
    /// aria-describedby (the field's error first, then <paramref name="alsoDescribedBy"/>, an error about several
    /// fields written elsewhere, then the help), aria-invalid and autofocus for a field that has an error.
    /// </summary>
    public static string FieldAttributes(PageError? error, string? helpId, bool focus, string? alsoDescribedBy = null)
    {
        var describedBy = string.Join(' ', new[] { error?.DescriptionId, alsoDescribedBy, helpId }.Where(id => id is not null));
        var attributes = new List<string>();
        if (describedBy.Length > 0)
        {
            attributes.Add($"aria-describedby=\"{describedBy}\"");
        }

        if (error is not null || alsoDescribedBy is not null)
        {
            attributes.Add("aria-invalid=\"true\"");
        }

        if (focus)
        {
            attributes.Add("autofocus");
        }

        return string.Join(' ', attributes);
    }

    /// <summary>A page as the answer, with the booking page's headers.</summary>
    private sealed class PageResult(int status, string html) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            SecurityHeaders(httpContext.Response);
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = ContentType;
            await httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}

/// <summary>
/// An error on the booking page: the field it is about (the id the summary links to and that gets the focus), what to
/// do, in French, and the id of the error's text (for a group of radios, the group's, which its fieldset points to).
/// </summary>
public sealed record PageError(string FieldId, string Message, string? Description = null)
{
    public string DescriptionId => Description ?? FieldId + "-erreur";
}
