using NodaTime;
using NodaTime.Text;
using Telephony.Ivr;

namespace Telephony.Server.Booking;

/// <summary>
/// A slot on the wire (API field <c>slot</c>, the page's radio values): its start as ISO 8601 with the line's offset,
/// "2026-11-24T14:00:00+01:00", which names one instant whatever the season. Any offset (or Z) is read back.
/// </summary>
public static class SlotValues
{
    // GeneralIso would write "+01"; the full offset is what most clients' ISO 8601 parsers expect.
    private static readonly OffsetDateTimePattern Written = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    public static string Format(Instant instant, DateTimeZone zone) => Written.Format(instant.InZone(zone).ToOffsetDateTime());

    public static Instant? Parse(string? text) =>
        text is { Length: <= 64 } && OffsetDateTimePattern.ExtendedIso.Parse(text.Trim()) is { Success: true } parsed
            ? parsed.Value.ToInstant()
            : null;

    /// <summary>The slot as the API returns it: start and end with the line's offset, written and spoken in French, places left.</summary>
    public static object ToJson(AppointmentSlot slot, DateTimeZone zone) => new
    {
        start = Format(slot.Start, zone),
        end = Format(slot.End, zone),
        text = WrittenSlots.Slot(slot),
        spoken = FrenchAnnouncements.Slot(slot.LocalStart, slot.LocalEnd).Text,
        remaining = slot.Remaining,
    };
}
