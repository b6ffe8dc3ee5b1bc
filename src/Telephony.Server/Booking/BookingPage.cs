using Microsoft.Extensions.Primitives;
using Telephony.Calls.Appointments;
using Telephony.Calls.Callbacks;
using Telephony.Ivr;

namespace Telephony.Server.Booking;

/// <summary>
/// The booking page (<c>/rendez-vous</c>): plain forms, so the whole flow works with the keyboard, a screen reader and
/// no script. The service and the reason are chosen with GET forms (a step can be bookmarked or gone back to), the
/// booking and the cancellation are POSTs answered with the page itself (a cancellation code never goes in a URL).
/// </summary>
public static class BookingPage
{
    public const string Channel = "web";

    /// <summary><c>GET /rendez-vous[?ligne=3960[&amp;motif=retraite]]</c>: the step the query has reached.</summary>
    public static async Task<IResult> ShowAsync(HttpContext http, AppointmentBooking booking)
    {
        var query = http.Request.Query;
        var (step, line, reason) = Steps(booking, query["ligne"], query["motif"]);
        if (step is not null)
        {
            return step;
        }

        var slots = await booking.OpenSlotsAsync(line!, reason!, http.RequestAborted);
        return BookingViews.ChooseSlot(line!, reason!, slots, new SlotForm(null, null), []).ToResult();
    }

    /// <summary><c>POST /rendez-vous</c> (ligne, motif, creneau, numero): the confirmation, or the slot step with its errors.</summary>
    public static async Task<IResult> BookAsync(HttpContext http, AppointmentBooking booking)
    {
        var ct = http.RequestAborted;
        if (!http.Request.HasFormContentType)
        {
            return BookingViews.ChooseLine(booking.Lines, null).ToResult(StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(ct);
        var (step, line, reason) = Steps(booking, form["ligne"], form["motif"]);
        if (step is not null)
        {
            return step;
        }

        var entered = new SlotForm(form["creneau"].FirstOrDefault(), form["numero"].FirstOrDefault());
        var errors = new List<PageError>();
        var slotStart = SlotValues.Parse(entered.Slot);
        if (string.IsNullOrWhiteSpace(entered.Slot))
        {
            errors.Add(BookingViews.SlotError(BookingWords.MissingSlot));
        }
        else if (slotStart is null)
        {
            errors.Add(BookingViews.SlotError(BookingWords.SlotNotOffered));
        }

        if (NumberError(entered.Number, BookingViews.NumberId) is { } numberError)
        {
            errors.Add(numberError);
        }

        if (errors.Count > 0)
        {
            return await SlotStepAsync(booking, line!, reason!, entered, errors, StatusCodes.Status400BadRequest, ct);
        }

        var result = await booking.BookAsync(line!, reason!, entered.Number, slotStart!.Value, Channel, ct);
        return result.Status switch
        {
            AppointmentBookingStatus.Booked => BookingResultViews.Confirmation(booking.NoticeOf(result.Appointment!)).ToResult(),
            AppointmentBookingStatus.AlreadyBooked => BookingResultViews.AlreadyBooked(booking.NoticeOf(result.Appointment!)).ToResult(),
            AppointmentBookingStatus.InvalidNumber => await SlotStepAsync(booking, line!, reason!, entered,
                [new PageError(BookingViews.NumberId, BookingWords.InvalidNumber)], StatusCodes.Status400BadRequest, ct),
            AppointmentBookingStatus.SlotFull => await SlotStepAsync(booking, line!, reason!, entered with { Slot = null },
                [BookingViews.SlotError(BookingWords.SlotTaken)], StatusCodes.Status409Conflict, ct),
            _ => await SlotStepAsync(booking, line!, reason!, entered with { Slot = null },
                [BookingViews.SlotError(BookingWords.SlotNotOffered)], StatusCodes.Status409Conflict, ct),
        };
    }

    /// <summary><c>GET /rendez-vous/annulation</c>: the cancellation form.</summary>
    public static IResult ShowCancel() => BookingResultViews.CancelForm(null, null, []).ToResult();

    /// <summary><c>POST /rendez-vous/annulation</c> (code, numero): cancelled, or the form again with what is wrong.</summary>
    public static async Task<IResult> CancelAsync(HttpContext http, AppointmentBooking booking)
    {
        if (!http.Request.HasFormContentType)
        {
            return BookingResultViews.CancelForm(null, null, []).ToResult(StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var code = form["code"].FirstOrDefault();
        var number = form["numero"].FirstOrDefault();
        var errors = new List<PageError>();
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add(new PageError(BookingResultViews.CodeId, BookingWords.MissingCode));
        }

        if (NumberError(number, BookingViews.NumberId) is { } numberError)
        {
            errors.Add(numberError);
        }

        if (errors.Count > 0)
        {
            return BookingResultViews.CancelForm(code, number, errors).ToResult(StatusCodes.Status400BadRequest);
        }

        var cancelled = await booking.CancelAsync(code, number, http.RequestAborted);
        return cancelled is null
            ? BookingResultViews.CancelForm(code, number, [BookingResultViews.NoSuchAppointment()]).ToResult(StatusCodes.Status404NotFound)
            : BookingResultViews.Cancelled(booking.NoticeOf(cancelled)).ToResult();
    }

    /// <summary>
    /// The line and reason chosen, or the page of the first step still to do (an absent field is a step not reached,
    /// an empty one a choice not made: 400, an unknown one: 404).
    /// </summary>
    private static (IResult? Step, IvrScript? Line, AppointmentReason? Reason) Steps(AppointmentBooking booking, StringValues ligne, StringValues motif)
    {
        var lines = booking.Lines;
        var firstLine = lines.Count > 0 ? lines[0].LineLabel : "";
        if (ligne.Count == 0)
        {
            return (BookingViews.ChooseLine(lines, null).ToResult(), null, null);
        }

        if (string.IsNullOrWhiteSpace(ligne.FirstOrDefault()))
        {
            return (BookingViews.ChooseLine(lines, BookingViews.GroupError("ligne", firstLine, BookingWords.MissingLine)).ToResult(StatusCodes.Status400BadRequest), null, null);
        }

        if (booking.FindLine(ligne.FirstOrDefault()) is not { } line)
        {
            return (BookingViews.ChooseLine(lines, BookingViews.GroupError("ligne", firstLine, BookingWords.UnknownLine)).ToResult(StatusCodes.Status404NotFound), null, null);
        }

        var firstReason = line.Appointments!.Reasons[0].Id;
        if (motif.Count == 0)
        {
            return (BookingViews.ChooseReason(line, null).ToResult(), line, null);
        }

        if (string.IsNullOrWhiteSpace(motif.FirstOrDefault()))
        {
            return (BookingViews.ChooseReason(line, BookingViews.GroupError("motif", firstReason, BookingWords.MissingReason)).ToResult(StatusCodes.Status400BadRequest), line, null);
        }

        return line.Appointments.FindReason(motif.FirstOrDefault()) is { } reason
            ? (null, line, reason)
            : (BookingViews.ChooseReason(line, BookingViews.GroupError("motif", firstReason, BookingWords.UnknownReason)).ToResult(StatusCodes.Status404NotFound), line, null);
    }

    private static PageError? NumberError(string? number, string fieldId) =>
        string.IsNullOrWhiteSpace(number) ? new PageError(fieldId, BookingWords.MissingNumber)
        : NationalNumbers.ToDialableE164(number) is null ? new PageError(fieldId, BookingWords.InvalidNumber)
        : null;

    private static async Task<IResult> SlotStepAsync(
        AppointmentBooking booking, IvrScript line, AppointmentReason reason, SlotForm entered, IReadOnlyList<PageError> errors, int status, CancellationToken ct)
    {
        var slots = await booking.OpenSlotsAsync(line, reason, ct);
        return BookingViews.ChooseSlot(line, reason, slots, entered, errors).ToResult(status);
    }
}
