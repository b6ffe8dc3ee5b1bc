namespace Telephony.Ivr;

/// <summary>The shared fragments of the IVR's appointment nodes: slots offered, booked, read back, cancelled or kept.</summary>
public static class AppointmentFragments
{
    public const string NextSlots = "rdv-creneaux";
    public const string NoSlot = "rdv-aucun-creneau";
    public const string SlotTaken = "rdv-creneau-pris";
    public const string Booked = "rdv-enregistre";
    public const string CodeIs = "rdv-code";
    public const string BySms = "rdv-sms";
    public const string AlreadyHave = "rdv-deja";
    public const string Unavailable = "rdv-indisponible";
    public const string ToCancel = "rdv-pour-annuler";
    public const string CancelOrKeep = "rdv-annuler-ou-conserver";
    public const string Cancelled = "rdv-annule";
    public const string Kept = "rdv-conserve";

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [NextSlots] = "Voici les prochains créneaux de rendez-vous téléphonique.",
        [NoSlot] = "Aucun créneau de rendez-vous téléphonique n'est libre pour le moment.",
        [SlotTaken] = "Ce créneau vient d'être pris.",
        [Booked] = "Votre rendez-vous téléphonique est enregistré :",
        [CodeIs] = "Votre code d'annulation est :",
        [BySms] = "Vous le recevrez aussi par SMS sur un numéro de mobile.",
        [AlreadyHave] = "Vous avez déjà un rendez-vous téléphonique :",
        [Unavailable] = "Nous ne pouvons pas enregistrer de rendez-vous pour le moment.",
        [ToCancel] = "Pour annuler votre rendez-vous de",
        [CancelOrKeep] = "tapez 1. Pour le conserver, tapez 2.",
        [Cancelled] = "Votre rendez-vous est annulé.",
        [Kept] = "Votre rendez-vous est conservé.",
    };
}
