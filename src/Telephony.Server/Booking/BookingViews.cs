using System.Text;
using Telephony.Ivr;
using static Telephony.Server.Booking.BookingHtml;

namespace Telephony.Server.Booking;

/// <summary>A page to answer with: its title (the browser tab, what a screen reader says first) and its main content.</summary>
public sealed record PageContent(string Title, string Main)
{
    public IResult ToResult(int status = StatusCodes.Status200OK) => Result(status, Title, Main);
}

/// <summary>What the citizen entered on the slot step, kept when the page comes back with an error.</summary>
public sealed record SlotForm(string? Slot, string? Number);

/// <summary>
/// The three booking steps, each a form that works without script: the service, the reason, then the slot and the
/// number. Radios are grouped in fieldsets with a legend; an error is written under its legend or label, linked to
/// the field by aria-describedby, listed at the top with a link to the field, and the field gets the focus.
/// </summary>
public static class BookingViews
{
    private const string Heading = "Prendre un rendez-vous téléphonique";

    public static PageContent ChooseLine(IReadOnlyList<IvrScript> lines, PageError? error)
    {
        var html = new StringBuilder();
        html.Append($"<h1>{Heading}</h1>\n<p class=\"etape\">Étape 1 sur 3 : le service</p>\n");
        html.Append("<p>Un conseiller vous rappelle au créneau de votre choix, au numéro que vous indiquez.</p>\n");
        html.Append(ErrorSummary(error is null ? [] : [error]));
        html.Append($"<form method=\"get\" action=\"{BookingEndpoints.PagePath}\" novalidate>\n");
        html.Append(Radios("ligne", "Quel service voulez-vous joindre ?", lines.Select(l => new Choice(l.LineLabel, l.Appointments!.ServiceName, $"ligne {l.LineLabel}")).ToList(), null, error));
        html.Append("<button type=\"submit\">Continuer</button>\n</form>\n");
        return new(Titled("Choisir le service", error), html.ToString());
    }

    public static PageContent ChooseReason(IvrScript line, PageError? error)
    {
        var html = new StringBuilder();
        html.Append($"<h1>{Heading}</h1>\n<p class=\"etape\">Étape 2 sur 3 : le motif</p>\n");
        html.Append(Chosen(line, null));
        html.Append(ErrorSummary(error is null ? [] : [error]));
        html.Append($"<form method=\"get\" action=\"{BookingEndpoints.PagePath}\" novalidate>\n");
        html.Append(Hidden("ligne", line.LineLabel));
        html.Append(Radios("motif", "Quel est le motif de votre demande ?", line.Appointments!.Reasons.Select(r => new Choice(r.Id, r.Label, null)).ToList(), null, error));
        html.Append("<button type=\"submit\">Continuer</button>\n</form>\n");
        return new(Titled("Choisir le motif", error), html.ToString());
    }

    public static PageContent ChooseSlot(IvrScript line, AppointmentReason reason, IReadOnlyList<AppointmentSlot> slots, SlotForm form, IReadOnlyList<PageError> errors)
    {
        var slotError = errors.FirstOrDefault(e => e.DescriptionId == SlotErrorId);
        var numberError = errors.FirstOrDefault(e => e.FieldId == NumberId);
        var html = new StringBuilder();
        html.Append($"<h1>{Heading}</h1>\n<p class=\"etape\">Étape 3 sur 3 : le créneau et votre numéro</p>\n");
        html.Append(Chosen(line, reason));
        html.Append(ErrorSummary(errors));
        if (slots.Count == 0)
        {
            html.Append($"<p class=\"encadre\">Aucun créneau n'est libre pour ce motif dans les jours qui viennent. Vous pouvez appeler le {Encode(line.LineLabel)} pendant ses heures d'ouverture, ou <a href=\"{BookingEndpoints.PagePath}?ligne={Encode(line.LineLabel)}\">choisir un autre motif</a>.</p>\n");
            return new(Titled("Aucun créneau libre", errors.FirstOrDefault()), html.ToString());
        }

        var zone = line.OpeningHours!.Zone;
        html.Append($"<form method=\"post\" action=\"{BookingEndpoints.PagePath}\" novalidate>\n");
        html.Append(Hidden("ligne", line.LineLabel)).Append(Hidden("motif", reason.Id));
        html.Append($"<fieldset class=\"creneaux\" {FieldAttributes(slotError, "creneau-aide", focus: false)}>\n<legend>Choisissez un créneau</legend>\n");
        html.Append("<p class=\"aide\" id=\"creneau-aide\">Heure de Paris. Un conseiller vous appelle pendant ce créneau.</p>\n");
        html.Append(FieldError(slotError));
        var index = 0;
        foreach (var day in slots.GroupBy(s => s.LocalStart.Date))
        {
            html.Append($"<fieldset class=\"jour\">\n<legend>{Encode(WrittenSlots.Date(day.Key))}</legend>\n");
            foreach (var slot in day)
            {
                var value = SlotValues.Format(slot.Start, zone);
                var id = $"creneau-{index}";
                var isChecked = value == form.Slot;
                // The focus goes to the group on a slot error: to the slot chosen if any, else the first.
                var focus = slotError is not null && (isChecked || (index == 0 && !slots.Any(s => SlotValues.Format(s.Start, zone) == form.Slot)));
                html.Append($"<div class=\"choix\"><input type=\"radio\" name=\"creneau\" id=\"{id}\" value=\"{Encode(value)}\"{(isChecked ? " checked" : "")}{(focus ? " autofocus" : "")}>");
                html.Append($"<label for=\"{id}\">{Encode(WrittenSlots.Hours(slot.LocalStart.TimeOfDay, slot.LocalEnd.TimeOfDay))}</label></div>\n");
                index++;
            }

            html.Append("</fieldset>\n");
        }

        html.Append("</fieldset>\n");
        html.Append(NumberField(NumberId, "Numéro de téléphone où vous rappeler", form.Number, numberError, focus: numberError is not null && slotError is null));
        html.Append("<button type=\"submit\">Confirmer le rendez-vous</button>\n</form>\n");
        return new(Titled("Choisir le créneau", errors.FirstOrDefault()), html.ToString());
    }

    /// <summary>The id of the slot step's number field (its error is tied to it).</summary>
    public const string NumberId = "numero";

    /// <summary>The id of the slot group's error text (the fieldset points to it).</summary>
    public const string SlotErrorId = "creneau-erreur";

    /// <summary>The slot error, linked to the first slot (the summary's link and the focus go there).</summary>
    public static PageError SlotError(string message) => new("creneau-0", message, SlotErrorId);

    /// <summary>A phone number field with its label, help and error; <paramref name="id"/> is also the form field's name.</summary>
    internal static string NumberField(string id, string label, string? value, PageError? error, bool focus, string? alsoDescribedBy = null) => $"""
        <div class="champ">
        <label for="{id}">{Encode(label)}</label>
        <p class="aide" id="{id}-aide">Un numéro de mobile ou de fixe en France, par exemple 06 12 34 56 78.</p>
        {FieldError(error)}<input type="tel" id="{id}" name="numero" autocomplete="tel" inputmode="tel" maxlength="32" value="{Encode(value)}" {FieldAttributes(error, id + "-aide", focus, alsoDescribedBy)}>
        </div>

        """;

    internal static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{name}\" value=\"{Encode(value)}\">\n";

    /// <summary>"Erreur – " first when the page shows one, so that it is the first thing heard.</summary>
    internal static string Titled(string title, PageError? error) => error is null ? title : $"Erreur – {title}";

    /// <summary>A group of radios in a fieldset; on an error, the group points to it and its first radio takes the focus.</summary>
    private static string Radios(string name, string legend, IReadOnlyList<Choice> choices, string? chosen, PageError? error)
    {
        var html = new StringBuilder();
        html.Append($"<fieldset{(error is null ? "" : " " + FieldAttributes(error, null, focus: false))}>\n<legend>{Encode(legend)}</legend>\n{FieldError(error)}");
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            var id = $"{name}-{choice.Value}";
            var detail = choice.Detail is null ? "" : $" <span class=\"detail\">({Encode(choice.Detail)})</span>";
            html.Append($"<div class=\"choix\"><input type=\"radio\" name=\"{name}\" id=\"{Encode(id)}\" value=\"{Encode(choice.Value)}\"{(choice.Value == chosen ? " checked" : "")}{(error is not null && i == 0 ? " autofocus" : "")}>");
            html.Append($"<label for=\"{Encode(id)}\">{Encode(choice.Label)}{detail}</label></div>\n");
        }

        html.Append("</fieldset>\n");
        return html.ToString();
    }

    /// <summary>What was chosen in the earlier steps, each with a link to change it.</summary>
    private static string Chosen(IvrScript line, AppointmentReason? reason)
    {
        var html = new StringBuilder("<dl class=\"choisi\">\n");
        html.Append($"<dt>Service</dt><dd>{Encode(line.Appointments!.ServiceName)} <a href=\"{BookingEndpoints.PagePath}\">Changer de service</a></dd>\n");
        if (reason is not null)
        {
            html.Append($"<dt>Motif</dt><dd>{Encode(reason.Label)} <a href=\"{BookingEndpoints.PagePath}?ligne={Encode(line.LineLabel)}\">Changer de motif</a></dd>\n");
        }

        return html.Append("</dl>\n").ToString();
    }

    /// <summary>The error for a radio group: linked to the group's first radio (<c>name-value</c>), described by the fieldset.</summary>
    public static PageError GroupError(string name, string firstValue, string message) => new($"{name}-{firstValue}", message, $"{name}-erreur");

    private sealed record Choice(string Value, string Label, string? Detail);
}
