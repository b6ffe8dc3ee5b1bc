using System.Text.RegularExpressions;

namespace Telephony.Ivr;

/// <summary>Reads <c>prompt: { id: welcome, text: "..." }</c>. The id becomes a file name, so it is kept to safe characters.</summary>
internal static partial class PromptParser
{
    public static IvrPrompt? Parse(YamlFields owner, string key, bool required)
    {
        var mapping = owner.Mapping(key, required);
        if (mapping is null)
        {
            return null;
        }

        var fields = new YamlFields(mapping, mapping.Start, $"prompt '{key}'", owner.Errors);
        var id = fields.Scalar("id", required: true);
        var text = fields.Text("text", required: true);
        fields.ReportUnknownFields();
        if (id is null || text is null)
        {
            return null;
        }

        if (!SafeId().IsMatch(id.Value!))
        {
            owner.Errors.At(id.Start, $"prompt id '{id.Value}' must use only a-z, 0-9, '-' and '_' (it names a WAV file)");
            return null;
        }

        return new IvrPrompt(id.Value!, text.Trim()) { IdPosition = id.Start };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex SafeId();
}
