namespace Telephony.Sms;

/// <summary>
/// The texts citizens receive, in French. Kept to one GSM segment for a usual service name and code (a month with a
/// circumflex, août, makes it UCS-2 and two segments); plain ASCII punctuation, since typographic quotes and
/// apostrophes are not in the GSM alphabet.
/// </summary>
public static class SmsTexts
{
    /// <summary>"Votre rendez-vous téléphonique CNAV : mardi 24 novembre entre 14 h et 14 h 30. Code d'annulation : 4KQ7."</summary>
    public static string Confirmation(string service, DateTimeOffset start, DateTimeOffset? end, string cancellationCode) =>
        $"Votre rendez-vous téléphonique {service} : {When(start, end)}. Code d'annulation : {cancellationCode}.";

    /// <summary>"Rappel : votre rendez-vous téléphonique CNAV est le mardi 24 novembre entre 14 h et 14 h 30. Code d'annulation : 4KQ7."</summary>
    public static string Reminder(string service, DateTimeOffset start, DateTimeOffset? end, string cancellationCode) =>
        $"Rappel : votre rendez-vous téléphonique {service} est le {When(start, end)}. Code d'annulation : {cancellationCode}.";

    /// <summary>"CNAV : nous avons essayé de vous rappeler sans parvenir à vous joindre. Appelez-nous au 3960."</summary>
    public static string CallbackFailed(string service, string callAgainNumber) =>
        $"{service} : nous avons essayé de vous rappeler sans parvenir à vous joindre. Appelez-nous au {callAgainNumber}.";

    /// <summary>"mardi 24 novembre entre 14 h et 14 h 30", or "mardi 24 novembre à 14 h" without an end on the same day.</summary>
    public static string When(DateTimeOffset start, DateTimeOffset? end)
    {
        var from = FrenchDates.InParis(start);
        var day = FrenchDates.Day(from.Date);
        if (end is { } endInstant && endInstant > start && FrenchDates.InParis(endInstant) is var to && to.Date == from.Date)
        {
            return $"{day} entre {FrenchDates.Time(from.TimeOfDay)} et {FrenchDates.Time(to.TimeOfDay)}";
        }

        return $"{day} à {FrenchDates.Time(from.TimeOfDay)}";
    }
}
