namespace Telephony.Ivr;

/// <summary>
/// The shared fragments of number confirmation (callback and appointment nodes): the caller ID read back digit by
/// digit, the question, the entry of another number, and why a number is refused, each reason in its own words.
/// </summary>
public static class NumberFragments
{
    public const string WeWillCall = "numero-rappel";
    public const string ConfirmOrChange = "numero-confirmer";
    public const string KeyANumber = "numero-saisir";
    public const string CallerNumberRefused = "numero-appelant";

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [WeWillCall] = "Nous vous appellerons au",
        [ConfirmOrChange] = "Pour confirmer ce numéro, tapez 1. Pour saisir un autre numéro, tapez 2.",
        [KeyANumber] = "Tapez le numéro de téléphone auquel nous pouvons vous joindre, puis la touche dièse.",
        [CallerNumberRefused] = "Nous ne pouvons pas appeler le numéro depuis lequel vous appelez.",
        [Reason(NumberRefusal.Missing)] = "Votre numéro ne nous est pas présenté.",
        [Reason(NumberRefusal.Invalid)] = "Ce numéro n'est pas un numéro de fixe ou de mobile valide.",
        [Reason(NumberRefusal.Foreign)] = "C'est un numéro étranger : nous n'appelons que des numéros français.",
        [Reason(NumberRefusal.Premium)] = "C'est un numéro surtaxé : nous ne l'appelons pas.",
        [Reason(NumberRefusal.Short)] = "C'est un numéro court : nous ne l'appelons pas.",
    };

    /// <summary>The fragment naming why a number is refused (<c>numero-surtaxe</c>); also what the call's path notes.</summary>
    public static string Reason(NumberRefusal refusal) => refusal switch
    {
        NumberRefusal.Missing => "numero-absent",
        NumberRefusal.Invalid => "numero-invalide",
        NumberRefusal.Foreign => "numero-etranger",
        NumberRefusal.Premium => "numero-surtaxe",
        NumberRefusal.Short => "numero-court",
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "An accepted number has no reason."),
    };
}
