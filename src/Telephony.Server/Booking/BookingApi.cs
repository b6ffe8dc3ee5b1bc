using System.Text.Json.Serialization;
using NodaTime;
using Telephony.Calls.Appointments;
using Telephony.Calls.Callbacks;
using Telephony.Ivr;
using Telephony.Server.Admin;
using Telephony.Storage;

namespace Telephony.Server.Booking;

/// <summary>
/// The public booking API (<c>/api/rendez-vous</c>), for services that book for citizens from their own pages or apps.
/// No key; rate-limited per client address. Errors are <c>{ error, field, message }</c> with the field named and a
/// French message; 404 for a line or reason that takes no appointments, 409 for a full slot.
/// </summary>
public static class BookingApi
{
    public const string Channel = "api";

    private static readonly string[] BookingFields = ["line", "reason", "number", "slot"];
    private static readonly string[] CancelFields = ["number"];

    /// <summary><c>GET /api/rendez-vous/lignes</c>: every line taking appointments, with its reasons.</summary>
    public static IResult Lines(AppointmentBooking booking) => Results.Ok(booking.Lines.Select(line => new
    {
        line = line.LineLabel,
        network = line.Network,
        service = line.Appointments!.ServiceName,
        reasons = line.Appointments.Reasons.Select(r => new { id = r.Id, label = r.Label }),
    }));

    /// <summary><c>GET /api/rendez-vous/creneaux?ligne=3960&amp;motif=retraite</c>: the open slots, soonest first.</summary>
    public static async Task<IResult> SlotsAsync(string? ligne, string? motif, AppointmentBooking booking, CancellationToken ct)
    {
        var lookup = Find(booking, ligne, motif, "ligne", "motif");
        if (lookup.Error is not null)
        {
            return lookup.Error;
        }

        var (line, reason) = (lookup.Line!, lookup.Reason!);
        var zone = line.OpeningHours!.Zone;
        var slots = await booking.OpenSlotsAsync(line, reason, ct);
        return Results.Ok(new
        {
            line = line.LineLabel,
            service = line.Appointments!.ServiceName,
            reason = reason.Id,
            reasonLabel = reason.Label,
            timeZone = zone.Id,
            slots = slots.Select(s => SlotValues.ToJson(s, zone)),
        });
    }

    /// <summary><c>POST /api/rendez-vous</c> <c>{ line, reason, number, slot }</c>: 201 with the cancellation code.</summary>
    public static async Task<IResult> BookAsync(HttpContext http, AppointmentBooking booking)
    {
        var ct = http.RequestAborted;
        var (fields, readError) = await PublicJson.ReadTextFieldsAsync(http.Request, BookingFields, ct);
        if (readError is not null)
        {
            return PublicJson.BadRequest(readError);
        }

        if (BookingFields.FirstOrDefault(f => string.IsNullOrWhiteSpace(fields!.GetValueOrDefault(f))) is { } missing)
        {
            return PublicJson.BadRequest(new FieldError(missing, "est obligatoire"));
        }

        var lookup = Find(booking, fields!["line"], fields["reason"], "line", "reason");
        if (lookup.Error is not null)
        {
            return lookup.Error;
        }

        if (SlotValues.Parse(fields["slot"]) is not { } slotStart)
        {
            return PublicJson.BadRequest(new FieldError("slot", "doit être le début d'un créneau, comme 2026-11-24T14:00:00+01:00"));
        }

        var (line, reason) = (lookup.Line!, lookup.Reason!);
        var result = await booking.BookAsync(line, reason, fields["number"], slotStart, Channel, ct);
        return result.Status switch
        {
            AppointmentBookingStatus.Booked => Results.Json(ToJson(booking, result.Appointment!, withCode: true), statusCode: StatusCodes.Status201Created),
            AppointmentBookingStatus.AlreadyBooked => Results.Ok(ToJson(booking, result.Appointment!, withCode: false)),
            AppointmentBookingStatus.InvalidNumber => PublicJson.Error(StatusCodes.Status400BadRequest, "invalid_number", "number", BookingWords.InvalidNumber),
            AppointmentBookingStatus.SlotFull => PublicJson.Error(StatusCodes.Status409Conflict, "slot_full", "slot", BookingWords.SlotTaken),
            _ => PublicJson.Error(StatusCodes.Status400BadRequest, "slot_not_offered", "slot",
                $"'slot' n'est pas un créneau proposé pour ce motif (voir GET {BookingEndpoints.ApiPath}/creneaux?ligne={line.LineLabel}&motif={reason.Id})."),
        };
    }

    /// <summary>
    /// <c>DELETE /api/rendez-vous/{code}</c> <c>{ number }</c>: 204, or 404 whatever is wrong with the code (unknown,
    /// another number's, cancelled already): the answer never tells whether a code exists.
    /// </summary>
    public static async Task<IResult> CancelAsync(string code, HttpContext http, AppointmentBooking booking)
    {
        var ct = http.RequestAborted;
        var (fields, readError) = await PublicJson.ReadTextFieldsAsync(http.Request, CancelFields, ct);
        if (readError is not null)
        {
            return PublicJson.BadRequest(readError);
        }

        var number = fields!.GetValueOrDefault("number");
        if (string.IsNullOrWhiteSpace(number))
        {
            return PublicJson.BadRequest(new FieldError("number", "est obligatoire : le numéro du rendez-vous, qui prouve qu'il est le vôtre"));
        }

        if (NationalNumbers.ToDialableE164(number) is null)
        {
            return PublicJson.Error(StatusCodes.Status400BadRequest, "invalid_number", "number", BookingWords.InvalidNumber);
        }

        return await booking.CancelAsync(code, number, ct) is null
            ? PublicJson.Error(StatusCodes.Status404NotFound, "not_found", null, BookingWords.NoSuchAppointment)
            : Results.NoContent();
    }

    private static AppointmentJson ToJson(AppointmentBooking booking, Appointment appointment, bool withCode)
    {
        var notice = booking.NoticeOf(appointment);
        var zone = booking.FindLine(appointment.Line)?.OpeningHours?.Zone ?? OpeningHours.Paris;
        // The code is the proof that goes with the number: told once, to whoever booked. Asking again with the same
        // number (anyone may know it) shows the appointment, not its code.
        return new AppointmentJson(
            withCode ? appointment.Code : null,
            withCode ? null : true,
            appointment.Line,
            notice.ServiceName,
            appointment.Reason,
            notice.ReasonLabel,
            new AppointmentSlotJson(
                SlotValues.Format(Instant.FromDateTimeOffset(appointment.SlotStart), zone),
                SlotValues.Format(Instant.FromDateTimeOffset(appointment.SlotEnd), zone),
                notice.SlotText),
            PhoneNumberMasking.Mask(appointment.PhoneNumber),
            appointment.State,
            withCode ? null : BookingWords.AlreadyBooked);
    }

    /// <summary>The line and reason named by a request, or the 400/404 that names the field (API names passed in).</summary>
    private static Lookup Find(AppointmentBooking booking, string? lineNumber, string? reasonId, string lineField, string reasonField)
    {
        if (string.IsNullOrWhiteSpace(lineNumber))
        {
            return new(null, null, PublicJson.BadRequest(new FieldError(lineField, "est obligatoire : le numéro de la ligne, par exemple 3960")));
        }

        if (booking.FindLine(lineNumber) is not { } line)
        {
            return new(null, null, PublicJson.Error(StatusCodes.Status404NotFound, "unknown_line", lineField,
                $"Aucune ligne ne prend de rendez-vous au {lineNumber} (voir GET {BookingEndpoints.ApiPath}/lignes)."));
        }

        if (string.IsNullOrWhiteSpace(reasonId))
        {
            return new(line, null, PublicJson.BadRequest(new FieldError(reasonField, $"est obligatoire : {ReasonIds(line)}")));
        }

        return line.Appointments!.FindReason(reasonId) is { } reason
            ? new(line, reason, null)
            : new(line, null, PublicJson.Error(StatusCodes.Status404NotFound, "unknown_reason", reasonField,
                $"'{reasonField}' n'est pas un motif de la ligne {line.LineLabel} ({ReasonIds(line)})."));
    }

    private static string ReasonIds(IvrScript line) => "motifs " + string.Join(", ", line.Appointments!.Reasons.Select(r => r.Id));

    private sealed record Lookup(IvrScript? Line, AppointmentReason? Reason, IResult? Error);
}

/// <summary>An appointment in the API's answers; <c>code</c> only in the 201 of the booking itself.</summary>
public sealed record AppointmentJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Existing,
    string Line,
    string Service,
    string Reason,
    string ReasonLabel,
    AppointmentSlotJson Slot,
    string Number,
    string State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);

public sealed record AppointmentSlotJson(string Start, string End, string Text);
