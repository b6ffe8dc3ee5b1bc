using NodaTime;

namespace Telephony.Ivr.Tests;

/// <summary>
/// CNAV's « rendez-vous téléphonique, tapez 4 » (under « Autre demande, 3 »): the caller's existing appointment offered for cancelling, else the number confirmed, the
/// slots read out in French and the one chosen booked, its code spelt out; refused numbers told why, on the shipped script.
/// </summary>
public sealed class AppointmentNodeTests
{
    private static readonly IvrScript Cnav = ShippedScripts.Get("cnav");
    private static readonly FixedTime TuesdayMorning = FixedTime.Paris(2026, 11, 24, 10, 0);

    private static readonly IReadOnlyList<AppointmentSlot> Slots =
    [
        Slot(new LocalDateTime(2026, 11, 24, 14, 0)),
        Slot(new LocalDateTime(2026, 11, 24, 14, 30)),
        Slot(new LocalDateTime(2026, 11, 25, 8, 0)),
    ];

    [Fact]
    public void A_caller_books_the_second_slot_by_keypad_and_hears_it_and_the_code_spelt_out()
    {
        var session = ToAppointments("0612345678");
        var readBack = session.Handle(new AppointmentFound(null));
        var list = session.Handle(new DigitPressed('1'));
        var offer = session.Handle(new SlotsListed(Slots));
        var book = session.Handle(new DigitPressed('2'));
        var told = session.Handle(new AppointmentBookingAnswered(AppointmentBookingAnswer.Booked, "4KQ7AB",
            new AppointmentTime(Slots[1].LocalStart, Slots[1].LocalEnd)));

        Assert.Equal(FrenchAnnouncements.NumberReadBack("0612345678").FragmentIds, Ids(readBack));
        Assert.Equal([new ListSlots("retraite", 3)], list);
        Assert.Equal(
            FrenchAnnouncements.Join(
                FrenchAnnouncements.Fragment(AppointmentFragments.NextSlots),
                FrenchAnnouncements.SlotChoice(Slots[0].LocalStart, Slots[0].LocalEnd, 1),
                FrenchAnnouncements.SlotChoice(Slots[1].LocalStart, Slots[1].LocalEnd, 2),
                FrenchAnnouncements.SlotChoice(Slots[2].LocalStart, Slots[2].LocalEnd, 3)).FragmentIds,
            Ids(offer));
        Assert.Equal([new BookAppointment("retraite", Slots[1].Start, "+33612345678")], book);
        Assert.Equal(["rdv-enregistre", "jour-mardi", "n-24", "mois-11", "entre", "n-14", "heures", "n-30", "et", "n-15", "heures",
            "rdv-code", "n-4", "lettre-k", "lettre-q", "n-7", "lettre-a", "lettre-b", "rdv-sms"], Ids(told));
        Assert.All(told.Cast<PlayPrompt>(), p => Assert.False(p.BargeIn));

        var end = FinishAll(session, told);
        Assert.Equal("closed-goodbye", Assert.IsType<PlayPrompt>(Assert.Single(end)).PromptId);
        Assert.Equal([new HangUp(IvrOutcome.HandledIvr)], session.Handle(new PromptFinished("closed-goodbye")));
        Assert.Equal(["welcome", "hours", "main-menu", "other-menu", "appointment-check", "book-appointment", "book-appointment:booked", "appointment-goodbye", "end"], session.Path);
        Assert.DoesNotContain(session.Path, p => p.Contains("612345678", StringComparison.Ordinal));
    }

    [Fact]
    public void Slots_are_read_in_french_with_the_key_after_each()
    {
        Assert.Equal("mardi 24 novembre entre 14 heures et 14 heures 30, tapez 1",
            FrenchAnnouncements.SlotChoice(Slots[0].LocalStart, Slots[0].LocalEnd, 1).Text);
        Assert.Equal("mercredi 25 novembre entre 8 heures et 8 heures 30, tapez 3",
            FrenchAnnouncements.SlotChoice(Slots[2].LocalStart, Slots[2].LocalEnd, 3).Text);
        Assert.Equal("0 6 1 2 3 4 5 6 7 8", FrenchAnnouncements.Digits("0612345678").Text);
        Assert.Equal("Nous vous appellerons au 0 6 1 2 3 4 5 6 7 8 Pour confirmer ce numéro, tapez 1. Pour saisir un autre numéro, tapez 2.",
            FrenchAnnouncements.NumberReadBack("0612345678").Text);
        Assert.Equal("pour annuler votre rendez-vous de mardi 24 novembre entre 14 heures et 14 heures 30, tapez 1. Pour le conserver, tapez 2.",
            FrenchAnnouncements.CancelOrKeep(Slots[0].LocalStart, Slots[0].LocalEnd).Text);
        Assert.Equal("4 K Q 7 A B", FrenchAnnouncements.Code("4kq7ab").Text);
        Assert.All(AnnouncementFragments.All.Keys, id => Assert.Matches("^[a-z0-9-]+$", id));
    }

    [Fact]
    public void A_premium_caller_id_is_refused_naming_why_and_the_caller_is_asked_to_key_another_number()
    {
        var session = ToAppointments("0899123456");

        var asked = session.Handle(new AppointmentFound(null));

        Assert.Equal(["numero-appelant", "numero-surtaxe", "numero-saisir"], Ids(asked));
        Assert.Equal("C'est un numéro surtaxé : nous ne l'appelons pas.", AnnouncementFragments.All["numero-surtaxe"]);
        Assert.Contains("book-appointment:numero-surtaxe", session.Path);
        Assert.True(session.ExpectsPersonalDigits);
    }

    [Fact]
    public void A_keyed_foreign_number_is_refused_then_a_keyed_mobile_is_read_back_and_booked_for()
    {
        var session = ToAppointments("0612345678");
        session.Handle(new AppointmentFound(null));
        var entry = session.Handle(new DigitPressed('2'));

        var foreign = Key(session, "00442071234567#");
        var mobile = Key(session, "0781234567");
        var confirmed = session.Handle(new DigitPressed('1'));

        Assert.Equal(["numero-saisir"], Ids(entry));
        Assert.Equal(["numero-etranger", "numero-saisir"], Ids(foreign));
        Assert.Equal(FrenchAnnouncements.NumberReadBack("0781234567").FragmentIds, Ids(mobile));
        Assert.Equal([new ListSlots("retraite", 3)], confirmed);
        session.Handle(new SlotsListed(Slots));
        Assert.Equal("+33781234567", Assert.IsType<BookAppointment>(Assert.Single(session.Handle(new DigitPressed('1')))).Number);
        Assert.Contains("book-appointment:numero-etranger", session.Path);
        Assert.DoesNotContain(session.Path, p => p.Any(char.IsAsciiDigit) && p.Contains("0781", StringComparison.Ordinal));
    }

    [Fact]
    public void Three_refused_numbers_end_in_the_failure_branch_after_the_reason()
    {
        var session = ToAppointments(null);
        Assert.Equal(["numero-absent", "numero-saisir"], Ids(session.Handle(new AppointmentFound(null))));

        Key(session, "3960#");
        Key(session, "0899123456");
        var last = Key(session, "00442071234567#");

        Assert.Equal(["numero-etranger"], Ids(last));
        var back = session.Handle(new PromptFinished("numero-etranger"));
        Assert.Equal("other-menu", Assert.IsType<PlayPrompt>(back[0]).PromptId);
        Assert.Equal(["book-appointment:numero-absent", "book-appointment:numero-court", "book-appointment:numero-surtaxe", "book-appointment:numero-etranger"],
            session.Path.Where(p => p.StartsWith("book-appointment:", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_free_slot_is_said_and_the_caller_goes_back_to_the_menu()
    {
        var session = ToAppointments("0612345678");
        session.Handle(new AppointmentFound(null));
        session.Handle(new DigitPressed('1'));

        var none = session.Handle(new SlotsListed([]));

        Assert.Equal(["rdv-aucun-creneau"], Ids(none));
        Assert.Equal("other-menu", Assert.IsType<PlayPrompt>(session.Handle(new PromptFinished("rdv-aucun-creneau"))[0]).PromptId);
    }

    [Fact]
    public void A_slot_taken_meanwhile_is_said_and_the_slots_are_listed_again()
    {
        var session = ToAppointments("0612345678");
        session.Handle(new AppointmentFound(null));
        session.Handle(new DigitPressed('1'));
        session.Handle(new SlotsListed(Slots));
        session.Handle(new DigitPressed('1'));

        var taken = session.Handle(new AppointmentBookingAnswered(AppointmentBookingAnswer.SlotFull));

        Assert.Equal(["rdv-creneau-pris"], Ids(taken));
        Assert.Equal([new ListSlots("retraite", 3)], session.Handle(new PromptFinished("rdv-creneau-pris")));
    }

    [Fact]
    public void A_caller_with_an_appointment_hears_it_and_cancels_it_with_1()
    {
        var session = ToAppointments("0612345678");

        var offer = session.Handle(new AppointmentFound(new AppointmentTime(Slots[0].LocalStart, Slots[0].LocalEnd)));
        var cancel = session.Handle(new DigitPressed('1'));
        var told = session.Handle(new AppointmentCancelled(true));

        Assert.Equal(FrenchAnnouncements.CancelOrKeep(Slots[0].LocalStart, Slots[0].LocalEnd).FragmentIds, Ids(offer));
        Assert.Equal([new CancelAppointment()], cancel);
        Assert.Equal(["rdv-annule"], Ids(told));
        Assert.Equal("closed-goodbye", Assert.IsType<PlayPrompt>(session.Handle(new PromptFinished("rdv-annule"))[0]).PromptId);
        Assert.Contains("appointment-check:cancelled", session.Path);
    }

    [Fact]
    public void A_caller_with_an_appointment_keeps_it_with_2_or_by_saying_nothing()
    {
        var kept = ToAppointments("0612345678");
        kept.Handle(new AppointmentFound(new AppointmentTime(Slots[0].LocalStart, Slots[0].LocalEnd)));
        Assert.Equal(["rdv-conserve"], Ids(kept.Handle(new DigitPressed('2'))));

        var silent = ToAppointments("0612345678");
        var offer = silent.Handle(new AppointmentFound(new AppointmentTime(Slots[0].LocalStart, Slots[0].LocalEnd)));
        FinishAll(silent, offer);
        var again = silent.Handle(new InputTimedOut());
        FinishAll(silent, again);
        Assert.Equal(["rdv-conserve"], Ids(silent.Handle(new InputTimedOut())));
        Assert.DoesNotContain(new CancelAppointment(), again);
    }

    [Fact]
    public void The_simulator_walks_a_booking_with_the_real_schedule()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = IvrCommandLine.Run(
            ["simulate", Path.Combine(RepoPaths.IvrScripts, "cnav.yaml"), "--at", "2026-11-24 10:00", "--caller", "0612345678", "--keys", "3,4,1,1"], output, error);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("♪ numero-rappel: \"Nous vous appellerons au\"", text);
        Assert.Contains("→ appointment booked at 2026-11-24 11:00", text);
        Assert.Contains("path: welcome > hours > main-menu > other-menu > appointment-check > book-appointment > book-appointment:booked > appointment-goodbye > end", text);
    }

    private static IvrSession ToAppointments(string? callerNumber)
    {
        var session = new IvrSession(Cnav, TuesdayMorning, new IvrSessionOptions { CallerNumber = callerNumber });
        session.Start();
        session.Handle(new PromptFinished("welcome"));
        session.Handle(new DigitPressed('3'));
        Assert.Equal([new FindAppointment()], session.Handle(new DigitPressed('4')));
        return session;
    }

    private static IReadOnlyList<IvrAction> Key(IvrSession session, string keys)
    {
        IReadOnlyList<IvrAction> last = [];
        foreach (var key in keys)
        {
            last = session.Handle(new DigitPressed(key));
        }

        return last;
    }

    /// <summary>Every prompt of <paramref name="played"/> ends: what the session says after the last.</summary>
    private static IReadOnlyList<IvrAction> FinishAll(IvrSession session, IReadOnlyList<IvrAction> played)
    {
        IReadOnlyList<IvrAction> next = [];
        foreach (var play in played.OfType<PlayPrompt>())
        {
            next = session.Handle(new PromptFinished(play.PromptId));
        }

        return next;
    }

    private static List<string> Ids(IReadOnlyList<IvrAction> actions) => actions.OfType<PlayPrompt>().Select(p => p.PromptId).ToList();

    private static AppointmentSlot Slot(LocalDateTime start)
    {
        var zoned = start.InZoneStrictly(OpeningHours.Paris).ToInstant();
        return new AppointmentSlot(zoned, zoned + Duration.FromMinutes(30), start, start.PlusMinutes(30)) { Remaining = 4 };
    }
}
