using NodaTime;

namespace Telephony.Ivr;

/// <summary>
/// One bookable slot of a queue: when it starts and ends, as instants (what is stored and compared) and as the line's
/// wall-clock time (what a citizen is told). <see cref="Remaining"/> is the places left when the list was made.
/// </summary>
public sealed record AppointmentSlot(Instant Start, Instant End, LocalDateTime LocalStart, LocalDateTime LocalEnd)
{
    public int Remaining { get; init; }
}
