namespace Telephony.Ivr;

/// <summary>
/// Books a phone appointment in the call (<c>kind: appointment</c>): the number to call is confirmed first (caller ID
/// read back, or another keyed), then the next <see cref="SlotCount"/> open slots of <see cref="ReasonId"/>'s queue are
/// read out, « mardi 24 novembre entre 14 heures et 14 heures 30, tapez 1 », and the slot chosen is booked by the host
/// with the same code as the booking API (within capacity). The caller hears the slot and the cancellation code spelt
/// out, then goes to <see cref="OnBooked"/>; no slot free, no choice, a refused number or a failed booking go to
/// <see cref="OnFailed"/>, after being told why. The words are shared fragments (<see cref="AppointmentFragments"/>).
/// </summary>
public sealed record AppointmentNode(string Name, string ReasonId, int SlotCount, TimeSpan Timeout, string OnBooked, string OnFailed) : IvrNode(Name)
{
    /// <summary>Keys 1 to 8 choose a slot: more would not be remembered by a caller anyway.</summary>
    public const int MaxSlots = 8;

    public const int DefaultSlots = 3;

    /// <summary><c>accept-numbers</c>: which numbers beyond French fixed and mobile ones may be booked for.</summary>
    public NumberRules NumberRules { get; init; } = NumberRules.Strict;

    internal YamlDotNet.Core.Mark ReasonPosition { get; init; }

    internal NodeLink OnBookedLink { get; init; }

    internal NodeLink OnFailedLink { get; init; }

    internal override IEnumerable<NodeLink> Links => [OnBookedLink, OnFailedLink];

    internal override NodeRun CreateRun() => new AppointmentRun(this);
}

/// <summary>
/// Offers to cancel or keep the caller ID's upcoming appointment on the line (<c>kind: existing-appointment</c>), «
/// pour annuler votre rendez-vous de mardi 24 novembre entre 14 heures et 14 heures 30, tapez 1. Pour le conserver,
/// tapez 2 »: 1 cancels it (<see cref="OnCancelled"/>), 2 keeps it (<see cref="OnKept"/>), and so do silence or other
/// keys after a second reading. A caller without one goes straight to <see cref="OnNone"/>, hearing nothing.
/// </summary>
public sealed record ExistingAppointmentNode(string Name, TimeSpan Timeout, string OnNone, string OnKept, string OnCancelled) : IvrNode(Name)
{
    internal NodeLink OnNoneLink { get; init; }

    internal NodeLink OnKeptLink { get; init; }

    internal NodeLink OnCancelledLink { get; init; }

    internal override IEnumerable<NodeLink> Links => [OnNoneLink, OnKeptLink, OnCancelledLink];

    internal override NodeRun CreateRun() => new ExistingAppointmentRun(this);
}
