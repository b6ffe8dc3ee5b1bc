namespace Telephony.Ivr;

/// <summary>Reads the script's optional <c>survey: { prompt, timeout, thanks-prompt }</c>.</summary>
internal static class SurveyParser
{
    /// <summary>The fields of <c>survey</c>, as the schema must list them.</summary>
    public static readonly IReadOnlyList<string> Fields = ["prompt", "timeout", "thanks-prompt"];

    /// <returns>The survey, or null when the script has none or it has errors (then reported).</returns>
    public static IvrSurvey? Parse(YamlFields script)
    {
        var mapping = script.Mapping("survey", required: false);
        if (mapping is null)
        {
            return null;
        }

        var fields = new YamlFields(mapping, mapping.Start, "survey", script.Errors);
        var prompt = PromptParser.Parse(fields, "prompt", required: true);
        // A caller who has just finished a call decides quickly, or not at all.
        var timeout = fields.Duration("timeout", required: true, maxMinutes: 1);
        var thanks = PromptParser.Parse(fields, "thanks-prompt", required: false);
        fields.ReportUnknownFields();
        return prompt is null || timeout is null || (fields.Has("thanks-prompt") && thanks is null)
            ? null
            : new IvrSurvey(prompt, timeout.Value, thanks);
    }
}
