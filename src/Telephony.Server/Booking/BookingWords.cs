namespace Telephony.Server.Booking;

/// <summary>What the booking page and API tell the citizen, in one place so both say the same.</summary>
public static class BookingWords
{
    public const string InvalidNumber =
        "Ce numéro ne peut pas être rappelé : indiquez un numéro de mobile ou de fixe en France, par exemple 06 12 34 56 78. Les numéros surtaxés, courts ou étrangers ne sont pas acceptés.";

    public const string MissingNumber = "Indiquez le numéro de téléphone où vous rappeler, par exemple 06 12 34 56 78.";

    public const string SlotTaken = "Ce créneau vient d'être pris : choisissez-en un autre.";

    public const string SlotNotOffered = "Ce créneau n'est plus proposé : choisissez-en un autre.";

    public const string MissingSlot = "Choisissez un créneau.";

    public const string MissingLine = "Choisissez le service à joindre.";

    public const string UnknownLine = "Ce service ne prend pas de rendez-vous téléphonique : choisissez-en un dans la liste.";

    public const string MissingReason = "Choisissez le motif de votre demande.";

    public const string UnknownReason = "Ce motif n'existe pas pour ce service : choisissez-en un dans la liste.";

    public const string AlreadyBooked =
        "Ce numéro a déjà un rendez-vous téléphonique sur cette ligne. Pour en changer, annulez-le d'abord avec le code d'annulation reçu lors de la réservation.";

    public const string NoSuchAppointment = "Aucun rendez-vous en cours ne correspond à ce code et à ce numéro. Vérifiez-les et réessayez.";

    public const string MissingCode = "Indiquez le code d'annulation reçu lors de la réservation (6 caractères).";
}
