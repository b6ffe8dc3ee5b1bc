using System.Text;

namespace Telephony.Calls.Reporting;

/// <summary>One column of the open data: its Table Schema description and how a line-day fills it.</summary>
/// <param name="Type">A Frictionless Table Schema type: <c>date</c>, <c>string</c>, <c>integer</c> or <c>number</c>.</param>
/// <param name="Minimum">The <c>minimum</c> constraint, if any (integers and numbers).</param>
/// <param name="Maximum">The <c>maximum</c> constraint, if any.</param>
public sealed record OpenDataColumn(
    string Name, string Type, string Title, string Description, bool Required, double? Minimum, double? Maximum, Func<ReportRow, string> Value);

/// <summary>
/// The public dataset « taux de décroché » (<c>/opendata/taux-de-decroche.csv</c>): one row per network, line and
/// complete Paris day, the line-days with fewer than a minimum of calls left out so that no caller can be singled
/// out. The CSV and its Frictionless Table Schema (<c>/opendata/schema.json</c>) are both written from
/// <see cref="Columns"/>, so they cannot disagree. Figures as dashboards/README.md defines them.
/// </summary>
public sealed class OpenDataTable
{
    public const string Name = "taux-de-decroche";

    public OpenDataTable(int minimumCalls)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumCalls);
        MinimumCalls = minimumCalls;
        Columns =
        [
            new("date", "date", "Jour",
                "Jour calendaire à Paris (Europe/Paris), au format AAAA-MM-JJ ; un appel compte le jour où il s'est terminé. Seuls les jours complets sont publiés.",
                true, null, null, r => CsvText.Day(r.From)),
            new("reseau", "string", "Réseau",
                "Réseau de service public qui répond sur la ligne (par exemple CNAV, CPAM, DGFIP, CAF).",
                true, null, null, r => r.Network),
            new("ligne", "string", "Ligne",
                "Numéro de la ligne tel que le public le compose (par exemple 3960).",
                true, null, null, r => r.Line ?? ""),
            new("appels_presentes", "integer", "Appels présentés",
                $"Appels présentés sur la ligne ce jour-là, quelle que soit leur issue (un appel transféré compte sur chaque ligne). Les lignes-jours de moins de {minimumCalls} appels ne sont pas publiées.",
                true, minimumCalls, null, r => CsvText.Integer(r.Figures.Offered)),
            new("appels_decroches_agent", "integer", "Appels décrochés par un agent",
                "Appels décrochés par un agent (A).",
                true, 0, null, r => CsvText.Integer(r.Figures.Outcomes.AnsweredAgent)),
            new("appels_traites_svi", "integer", "Appels traités par le serveur vocal",
                "Appels auxquels le serveur vocal interactif a entièrement répondu, sans agent (H).",
                true, 0, null, r => CsvText.Integer(r.Figures.Outcomes.HandledIvr)),
            new("taux_decroche_agent", "number", "Taux de décroché par un agent",
                "Appels traités par un agent / appels requérant une réponse par un agent (Services Publics+, objectif du Plan téléphone : 0,85) : (A + Rc) / (A + AQ + S + D + Rc + Rf), en fraction de 1. Vide quand aucun appel ne requérait un agent.",
                false, 0, 1, r => CsvText.Number(r.Figures.AgentRate, ReportPrecision.Rate)),
            new("taux_decroche_global", "number", "Taux de décroché global",
                "Appels traités par un agent ou entièrement par le serveur vocal / appels requérant une réponse : (A + H + Rc) / (A + H + AI + AQ + S + D + Rc + Rf), en fraction de 1. Vide quand aucun appel n'est compté.",
                false, 0, 1, r => CsvText.Number(r.Figures.GlobalRate, ReportPrecision.Rate)),
            ServiceLevel(20, r => r.Figures.ServiceLevel20),
            ServiceLevel(60, r => r.Figures.ServiceLevel60),
            ServiceLevel(120, r => r.Figures.ServiceLevel120),
            new("satisfaction_moyenne", "number", "Satisfaction moyenne",
                "Note moyenne (de 1 à 5) donnée par les appelants à la question de satisfaction après leur échange avec un agent. Vide sans réponse notée.",
                false, 1, 5, r => CsvText.Number(r.Figures.SatisfactionAverage, ReportPrecision.Score)),
            new("satisfaction_reponses", "integer", "Réponses de satisfaction",
                "Nombre de réponses notées à la question de satisfaction.",
                true, 0, null, r => CsvText.Integer(r.Figures.SurveyAnswers)),
        ];
    }

    /// <summary>Line-days with fewer offered calls are left out.</summary>
    public int MinimumCalls { get; }

    public IReadOnlyList<OpenDataColumn> Columns { get; }

    /// <summary>The lines' rows of <paramref name="report"/> with at least <see cref="MinimumCalls"/> calls, by day, network and line.</summary>
    public IEnumerable<ReportRow> Published(DailyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Lines
            .Where(r => r.Figures.Offered >= MinimumCalls)
            .OrderBy(r => r.From).ThenBy(r => r.Network, StringComparer.Ordinal).ThenBy(r => r.Line, StringComparer.Ordinal);
    }

    public string Csv(DailyReport report)
    {
        var text = new StringBuilder();
        CsvText.AppendLine(text, Columns.Select(c => c.Name));
        foreach (var row in Published(report))
        {
            CsvText.AppendLine(text, Columns.Select(c => c.Value(row)));
        }

        return text.ToString();
    }

    /// <summary>The Frictionless Table Schema of <see cref="Csv"/> (https://specs.frictionlessdata.io/table-schema/), to serialise as JSON.</summary>
    public object Schema() => new Dictionary<string, object>
    {
        ["$schema"] = "https://frictionlessdata.io/schemas/table-schema.json",
        ["name"] = Name,
        ["title"] = "Taux de décroché téléphonique par réseau, ligne et jour",
        ["description"] =
            "Appels présentés, décrochés par un agent et traités par le serveur vocal, taux de décroché par un agent et global, "
            + "niveau de service et satisfaction, par réseau, ligne et jour complet (heure de Paris). Les chiffres sont comptés selon "
            + "dashboards/README.md (« Comment nous comptons ») ; les lettres A, H, AI, AQ, S, D, Rc, Rf y sont définies. "
            + $"Les lignes-jours de moins de {MinimumCalls} appels présentés sont omises pour qu'aucun appelant ne puisse être identifié.",
        ["fields"] = Columns.Select(Field).ToList(),
        ["missingValues"] = new[] { "" },
        ["primaryKey"] = new[] { "date", "reseau", "ligne" },
    };

    private static OpenDataColumn ServiceLevel(int seconds, Func<ReportRow, double?> value) => new(
        $"niveau_service_{seconds}s", "number", $"Niveau de service à {seconds} s",
        $"Appels décrochés par un agent moins de {seconds} s après leur entrée en file / appels ayant attendu un agent en file (A + AQ, abandons courts exclus), en fraction de 1. Vide sans appel en file.",
        false, 0, 1, r => CsvText.Number(value(r), ReportPrecision.Rate));

    private static Dictionary<string, object> Field(OpenDataColumn column)
    {
        var constraints = new Dictionary<string, object> { ["required"] = column.Required };
        if (column.Minimum is { } minimum)
        {
            constraints["minimum"] = minimum;
        }

        if (column.Maximum is { } maximum)
        {
            constraints["maximum"] = maximum;
        }

        var field = new Dictionary<string, object>
        {
            ["name"] = column.Name,
            ["type"] = column.Type,
            ["title"] = column.Title,
            ["description"] = column.Description,
            ["constraints"] = constraints,
        };
        if (column.Type == "date")
        {
            field["format"] = "default";
        }

        return field;
    }
}
