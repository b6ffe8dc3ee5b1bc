namespace Telephony.Ivr;

/// <summary>
/// How many phone appointments a queue's staff can take (<c>appointments</c> of a queue in <c>queues.yaml</c>): the
/// slots follow the opening hours of the line that books them, each <see cref="SlotLength"/> long with
/// <see cref="PerSlot"/> places, bookable from <see cref="MinimumNotice"/> from now to <see cref="DaysAhead"/> days ahead.
/// </summary>
/// <param name="SlotLength">Length of one slot (<c>slot: 30m</c>); slots start at the start of each opening range.</param>
/// <param name="PerSlot">Appointments per slot (<c>per-slot: 4</c>): the agents the queue sets aside for callbacks at that time.</param>
/// <param name="DaysAhead">The last bookable day, counted from today (<c>days-ahead: 10</c>: today and the next 10 days).</param>
/// <param name="MinimumNotice">A slot starting sooner than this is no longer offered (<c>min-notice</c>, default 1 hour).</param>
public sealed record QueueAppointments(TimeSpan SlotLength, int PerSlot, int DaysAhead, TimeSpan MinimumNotice)
{
    public static readonly TimeSpan DefaultMinimumNotice = TimeSpan.FromHours(1);

    /// <summary>Shorter slots would not fit a call; longer ones would not be slots.</summary>
    public static readonly TimeSpan ShortestSlot = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan LongestSlot = TimeSpan.FromHours(4);

    public const int MaxPerSlot = 1000;

    /// <summary>About a quarter: the longest most services open their diaries.</summary>
    public const int MaxDaysAhead = 90;
}

/// <summary>One reason a citizen can book an appointment for on a line, and the queue whose agents call back.</summary>
/// <param name="Id">Stable id in URLs and the API (<c>retraite</c>).</param>
/// <param name="Label">The reason in words, shown on the booking page ("Préparer mon départ à la retraite").</param>
/// <param name="QueueId">A queue of <c>queues.yaml</c> with <c>appointments</c>, of the line's network.</param>
public sealed record AppointmentReason(string Id, string Label, string QueueId);

/// <summary>
/// The phone appointments a line offers (<c>appointments</c> of a script): its name in words for the booking page and
/// the reasons it takes, each on a queue. The slots come from the line's opening hours and the queue's staffing.
/// </summary>
public sealed record LineAppointments(string ServiceName, IReadOnlyList<AppointmentReason> Reasons)
{
    public AppointmentReason? FindReason(string? id) => Reasons.FirstOrDefault(r => r.Id == id);
}
