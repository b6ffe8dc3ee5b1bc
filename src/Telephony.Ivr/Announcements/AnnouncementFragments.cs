namespace Telephony.Ivr;

/// <summary>
/// The catalogue of shared prompt fragments (<c>prompts/common/fragments/&lt;id&gt;.wav</c>) that dynamic announcements
/// are assembled from, with the French text each one is generated from (by <c>telephony ivr prompts</c>).
/// </summary>
public static class AnnouncementFragments
{
    /// <summary>Largest cardinal with its own fragment: minutes and hours of a time, days of a month, waits in minutes.</summary>
    public const int MaxCardinal = 59;

    /// <summary>Largest position spoken as an ordinal ("vous êtes le 30e"); beyond it the caller hears "plus de 30 personnes...".</summary>
    public const int MaxOrdinal = 30;

    public const string YouAre = "vous-etes-le";
    public const string WaitIs = "attente-estimee";
    public const string WaitIsOneMinute = "attente-estimee-une-minute";
    public const string LessThanAMinute = "moins-d-une-minute";
    public const string MoreThanAnHour = "plus-d-une-heure";
    public const string Minutes = "minutes";
    public const string Hour = "heure";
    public const string Hours = "heures";
    public const string At = "a";
    public const string AtText = "à";
    public const string Between = "entre";
    public const string BetweenText = "entre";
    public const string And = "et";
    public const string AndText = "et";
    public const string MoreThan = "plus-de";
    public const string PeopleBeforeYou = "personnes-avant-vous";

    /// <summary>Said to a second call from a number whose first call already waits on the line, before the service hangs up.</summary>
    public const string AlreadyWaiting = "appel-deja-en-attente";

    /// <summary>Played when speech recognition gives up on a menu, before the menu is asked again for a key.</summary>
    public const string SpeechToKeypad = "parole-utilisez-les-touches";

    /// <summary>"tapez", before the key of a choice read out ("..., tapez 1").</summary>
    public const string Press = "tapez";

    /// <summary>The characters of cancellation codes (<c>AppointmentCodes</c>' alphabet): letters have a fragment each, digits are cardinals.</summary>
    public const string CodeLetters = "ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string Letter(char letter) => $"lettre-{char.ToLowerInvariant(letter)}";

    private static readonly string[] DayNames = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

    private static readonly string[] MonthNames =
    [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ];

    /// <summary>Every fragment id with the text spoken into it.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = BuildCatalogue();

    public static string Cardinal(int n) => $"n-{n}";

    /// <summary>The feminine form exists only where French differs: 1, 21, 31, 41, 51 ("une", "vingt et une").</summary>
    public static string CardinalFeminine(int n) => n % 10 == 1 && n != 11 ? $"nf-{n}" : Cardinal(n);

    public static string Ordinal(int n) => $"ord-{n}";

    /// <summary>ISO day 1 (Monday) to 7 (Sunday).</summary>
    public static string Day(int isoDay) => $"jour-{DayNames[isoDay - 1]}";

    public static string DayName(int isoDay) => DayNames[isoDay - 1];

    public static string Month(int month) => $"mois-{month}";

    public static string MonthName(int month) => MonthNames[month - 1];

    /// <summary>Where a fragment's WAV lives under a prompts root (<c>ivr-scripts/prompts</c>).</summary>
    public static string PathIn(string promptsRoot, string fragmentId) =>
        Path.Combine(promptsRoot, "common", "fragments", fragmentId + ".wav");

    private static Dictionary<string, string> BuildCatalogue()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [YouAre] = "Vous êtes le",
            [WaitIs] = "Le temps d'attente estimé est de",
            [WaitIsOneMinute] = "Le temps d'attente estimé est d'une minute.",
            [LessThanAMinute] = "moins d'une minute.",
            [MoreThanAnHour] = "plus d'une heure.",
            [Minutes] = "minutes.",
            [Hour] = "heure",
            [Hours] = "heures",
            [At] = AtText,
            [Between] = BetweenText,
            [And] = AndText,
            [MoreThan] = "Plus de",
            [PeopleBeforeYou] = "personnes attendent avant vous.",
            [SpeechToKeypad] = "Je ne vous ai pas bien compris. Utilisez plutôt les touches de votre téléphone.",
            [AlreadyWaiting] = "Un appel depuis votre numéro attend déjà un conseiller. Gardez cet appel-là : il garde sa place. Au revoir.",
        };
        foreach (var (id, text) in NumberFragments.All.Concat(AppointmentFragments.All))
        {
            all[id] = text;
        }

        foreach (var letter in CodeLetters)
        {
            all[Letter(letter)] = letter.ToString();
        }

        for (var n = 0; n <= MaxCardinal; n++)
        {
            all[Cardinal(n)] = FrenchNumbers.Cardinal(n);
            if (CardinalFeminine(n) != Cardinal(n))
            {
                all[CardinalFeminine(n)] = FrenchNumbers.Cardinal(n, feminine: true);
            }
        }

        for (var n = 1; n <= MaxOrdinal; n++)
        {
            all[Ordinal(n)] = FrenchNumbers.Ordinal(n);
        }

        for (var day = 1; day <= 7; day++)
        {
            all[Day(day)] = DayName(day);
        }

        for (var month = 1; month <= 12; month++)
        {
            all[Month(month)] = MonthName(month);
        }

        return all;
    }
}
