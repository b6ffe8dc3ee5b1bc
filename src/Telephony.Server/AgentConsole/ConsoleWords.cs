using Telephony.Grains.Abstractions;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// The console's words, in French: statuses, pause reasons, refusals and call outcomes. The API keeps the stable codes
/// beside them; the page shows the words.
/// </summary>
public static class ConsoleWords
{
    private static readonly Dictionary<string, string> PauseReasons = new(StringComparer.Ordinal)
    {
        ["pause"] = "Pause",
        ["repas"] = "Repas",
        ["dejeuner"] = "Déjeuner",
        ["formation"] = "Formation",
        ["reunion"] = "Réunion",
        ["administratif"] = "Tâches administratives",
        // The service's own reasons, after a call the phone did not take.
        ["no_answer"] = "appel non décroché",
        ["busy"] = "téléphone occupé",
        ["unreachable"] = "téléphone injoignable",
        ["incompatible_phone"] = "téléphone incompatible",
    };

    private static readonly Dictionary<string, string> Refusals = new(StringComparer.Ordinal)
    {
        [AgentRefusals.Disabled] = "Votre compte est désactivé : contactez votre superviseur.",
        [AgentRefusals.PhoneNotRegistered] = "Votre téléphone n'est pas enregistré : vérifiez qu'il est allumé et connecté.",
        [AgentRefusals.NotSkilled] = "Aucune file ne vous est attribuée : contactez votre superviseur.",
        [AgentRefusals.LoggedOut] = "Vous n'êtes connecté à aucune file.",
        [AgentRefusals.NotLoggedInToQueue] = "Vous n'êtes pas connecté à cette file.",
        [AgentRefusals.HandlingCall] = "Impossible pendant un appel : attendez la fin de l'appel.",
        [AgentRefusals.NotInWrapUp] = "Vous n'êtes pas en fin de traitement.",
        [AgentRefusals.NoPauseReason] = "Choisissez un motif de pause.",
    };

    private static readonly Dictionary<string, string> Outcomes = new(StringComparer.Ordinal)
    {
        ["answered_agent"] = "traité par un conseiller",
        ["handled_ivr"] = "traité par le serveur vocal",
        ["abandoned_ivr"] = "raccroché dans le serveur vocal",
        ["abandoned_queue"] = "raccroché en attente",
        ["abandoned_queue_short"] = "raccroché après une courte attente",
        ["callback_requested"] = "rappel demandé",
        ["closed"] = "appel hors des heures d'ouverture",
        ["saturated"] = "service saturé",
        ["transferred"] = "transféré vers une autre ligne",
        ["dropped"] = "coupé par le service",
    };

    public static string Status(AgentStatus status) => status switch
    {
        AgentStatus.LoggedOut => "Hors file",
        AgentStatus.Ready => "Prêt",
        AgentStatus.Reserved => "Appel attribué",
        AgentStatus.Ringing => "Votre téléphone sonne",
        AgentStatus.OnCall => "En communication",
        AgentStatus.WrapUp => "Fin de traitement en cours",
        AgentStatus.Paused => "En pause",
        _ => status.ToString(),
    };

    /// <summary>A configured reason without a known word is shown as it is written in the configuration.</summary>
    public static string PauseReason(string reason) => PauseReasons.GetValueOrDefault(reason, reason);

    public static string Refusal(string code) => Refusals.GetValueOrDefault(code, "Cette action n'est pas possible maintenant.");

    public static string Outcome(string outcome) => Outcomes.GetValueOrDefault(outcome, outcome);
}
