using System.Text;
using Telephony.Calls.Appointments;
using Telephony.Calls.Callbacks;
using static Telephony.Server.Booking.BookingHtml;

namespace Telephony.Server.Booking;

/// <summary>What the citizen sees after a booking or a cancellation, and the cancellation form.</summary>
public static class BookingResultViews
{
    public const string CodeId = "code";

    public static PageContent Confirmation(AppointmentNotice notice)
    {
        var appointment = notice.Appointment;
        var html = new StringBuilder();
        html.Append("<h1>Votre rendez-vous est confirmé</h1>\n");
        html.Append($"<p>Un conseiller vous appellera <strong id=\"creneau-confirme\">{Encode(notice.SlotText)}</strong>.</p>\n");
        html.Append(Summary(notice));
        html.Append($"<div class=\"encadre\"><p>Votre code d'annulation : <strong class=\"code\" id=\"code-rendez-vous\">{Encode(appointment.Code)}</strong></p>\n");
        html.Append("<p>Notez-le : avec votre numéro, il permet d'annuler ce rendez-vous.</p></div>\n");
        html.Append("<h2>Annuler ce rendez-vous</h2>\n");
        html.Append(CancelFormBody(appointment.Code, null, [], idSuffix: "-annulation"));
        return new("Rendez-vous confirmé", html.ToString());
    }

    public static PageContent AlreadyBooked(AppointmentNotice notice)
    {
        var html = new StringBuilder();
        html.Append("<h1>Vous avez déjà un rendez-vous</h1>\n");
        html.Append($"<p>{Encode(BookingWords.AlreadyBooked)}</p>\n");
        html.Append(Summary(notice));
        html.Append($"<p><a href=\"{BookingEndpoints.PagePath}/annulation\">Annuler ce rendez-vous</a></p>\n");
        return new("Rendez-vous déjà pris", html.ToString());
    }

    public static PageContent CancelForm(string? code, string? number, IReadOnlyList<PageError> errors)
    {
        var html = new StringBuilder();
        html.Append("<h1>Annuler un rendez-vous téléphonique</h1>\n");
        html.Append(ErrorSummary(errors));
        html.Append(CancelFormBody(code, number, errors, idSuffix: ""));
        html.Append($"<p><a href=\"{BookingEndpoints.PagePath}\">Prendre un rendez-vous</a></p>\n");
        return new(BookingViews.Titled("Annuler un rendez-vous", errors.FirstOrDefault()), html.ToString());
    }

    public static PageContent Cancelled(AppointmentNotice notice)
    {
        var html = new StringBuilder();
        html.Append("<h1>Votre rendez-vous est annulé</h1>\n");
        html.Append($"<p>Le rendez-vous {Encode(notice.SlotText)} avec {Encode(notice.ServiceName)} est annulé : personne ne vous appellera.</p>\n");
        html.Append($"<p><a href=\"{BookingEndpoints.PagePath}\">Prendre un autre rendez-vous</a></p>\n");
        return new("Rendez-vous annulé", html.ToString());
    }

    /// <summary>The error when no active appointment matches: tied to both fields, since either may be wrong.</summary>
    public static PageError NoSuchAppointment() => new(CodeId, BookingWords.NoSuchAppointment);

    private static string Summary(AppointmentNotice notice) => $"""
        <dl class="recapitulatif">
        <dt>Service</dt><dd>{Encode(notice.ServiceName)}</dd>
        <dt>Motif</dt><dd>{Encode(notice.ReasonLabel)}</dd>
        <dt>Créneau</dt><dd>{Encode(notice.SlotText)} (heure de Paris)</dd>
        <dt>Numéro rappelé</dt><dd>{Encode(NationalNumbers.ToNationalFormat(notice.Appointment.PhoneNumber))}</dd>
        </dl>

        """;

    private static string CancelFormBody(string? code, string? number, IReadOnlyList<PageError> errors, string idSuffix)
    {
        var codeId = CodeId + idSuffix;
        var numberId = BookingViews.NumberId + idSuffix;
        var codeError = errors.FirstOrDefault(e => e.FieldId == CodeId);
        var numberError = errors.FirstOrDefault(e => e.FieldId == BookingViews.NumberId);
        // An unknown code and number are one error about both, written under the code: the number points to it too.
        var sharedError = codeError?.Message == BookingWords.NoSuchAppointment ? codeError.DescriptionId : null;
        var html = new StringBuilder();
        html.Append($"<form method=\"post\" action=\"{BookingEndpoints.PagePath}/annulation\" novalidate>\n");
        html.Append($"""
            <div class="champ">
            <label for="{codeId}">Code d'annulation</label>
            <p class="aide" id="{codeId}-aide">6 caractères, lettres et chiffres, reçus à la réservation (par exemple 4KQ7AB).</p>
            {FieldError(codeError)}<input type="text" id="{codeId}" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="32" value="{Encode(code)}" {FieldAttributes(codeError, codeId + "-aide", codeError is not null)}>
            </div>

            """);
        html.Append(BookingViews.NumberField(numberId, "Numéro de téléphone du rendez-vous", number, numberError, numberError is not null && codeError is null, sharedError));
        html.Append("<button type=\"submit\">Annuler le rendez-vous</button>\n</form>\n");
        return html.ToString();
    }
}
