using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Ivr;

/// <summary>
/// Reads the fields of one YAML mapping, reporting missing, empty, mistyped and unknown fields with their position.
/// Unknown fields are errors because a misspelt optional field (<c>max-attemps</c>) would otherwise be silently ignored.
/// </summary>
internal sealed partial class YamlFields
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly Mark _owner;
    private readonly string _context;

    public YamlFields(YamlMappingNode mapping, Mark owner, string context, ErrorSink errors)
    {
        _owner = owner;
        _context = context;
        Errors = errors;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name } scalarKey)
            {
                _fields[name] = (scalarKey, value);
            }
            else
            {
                errors.At(key.Start, $"{context}: field names must be plain text");
            }
        }
    }

    public ErrorSink Errors { get; }

    public bool Has(string key) => _fields.ContainsKey(key);

    /// <summary>Where the value of <paramref name="key"/> starts, for errors found after reading it; null when absent.</summary>
    public Mark? ValuePosition(string key) => _fields.TryGetValue(key, out var field) ? field.Value.Start : null;

    /// <summary>Where the name of field <paramref name="key"/> is written; null when absent.</summary>
    public Mark? KeyPosition(string key) => _fields.TryGetValue(key, out var field) ? field.Key.Start : null;

    public YamlNode? Node(string key, bool required)
    {
        _read.Add(key);
        if (_fields.TryGetValue(key, out var field))
        {
            return field.Value;
        }

        if (required)
        {
            Errors.At(_owner, $"{_context}: missing required field '{key}'");
        }

        return null;
    }

    /// <summary>A non-empty text value, with its position.</summary>
    public YamlScalarNode? Scalar(string key, bool required)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Errors.At(node.Start, $"{_context}: field '{key}' must be a single value");
            return null;
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            Errors.At(node.Start, $"{_context}: field '{key}' is empty");
            return null;
        }

        return scalar;
    }

    public string? Text(string key, bool required) => Scalar(key, required)?.Value;

    public YamlMappingNode? Mapping(string key, bool required) => As<YamlMappingNode>(key, required, "a mapping (key: value lines)");

    public YamlSequenceNode? Sequence(string key, bool required) => As<YamlSequenceNode>(key, required, "a list");

    public int? Integer(string key, bool required, int minimum)
    {
        var scalar = Scalar(key, required);
        if (scalar is null)
        {
            return null;
        }

        if (int.TryParse(scalar.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= minimum)
        {
            return value;
        }

        Errors.At(scalar.Start, $"{_context}: field '{key}' must be a whole number of at least {minimum}");
        return null;
    }

    public bool? Boolean(string key)
    {
        var scalar = Scalar(key, required: false);
        switch (scalar?.Value)
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                Errors.At(scalar.Start, $"{_context}: field '{key}' must be true or false");
                return null;
        }
    }

    /// <summary>
    /// Durations are written with their unit (<c>5s</c>, <c>1500ms</c>, <c>10m</c>) so no one wonders which unit a
    /// bare 5 is. Between 1 ms and <paramref name="maxMinutes"/> minutes.
    /// </summary>
    public TimeSpan? Duration(string key, bool required, int maxMinutes = 5)
    {
        var scalar = Scalar(key, required);
        if (scalar is null)
        {
            return null;
        }

        var match = DurationPattern().Match(scalar.Value!);
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            var duration = match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
            if (duration > TimeSpan.Zero && duration <= TimeSpan.FromMinutes(maxMinutes))
            {
                return duration;
            }
        }

        var limit = maxMinutes == 1 ? "1 minute" : $"{maxMinutes} minutes";
        Errors.At(scalar.Start, $"{_context}: '{key}' must be a duration between 1ms and {limit}, like 5s or 1500ms");
        return null;
    }

    /// <summary>A number between 0 and 1 (a confidence threshold).</summary>
    public float? Fraction(string key)
    {
        var scalar = Scalar(key, required: false);
        if (scalar is null)
        {
            return null;
        }

        if (float.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
        {
            return value;
        }

        Errors.At(scalar.Start, $"{_context}: field '{key}' must be a number between 0 and 1");
        return null;
    }

    /// <summary>An optional list of non-empty texts; an absent field is an empty list, a malformed one null.</summary>
    public IReadOnlyList<YamlScalarNode>? Texts(string key)
    {
        var sequence = Sequence(key, required: false);
        if (sequence is null)
        {
            return Has(key) ? null : [];
        }

        var texts = new List<YamlScalarNode>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { } text } scalar && !string.IsNullOrWhiteSpace(text))
            {
                texts.Add(scalar);
            }
            else
            {
                Errors.At(item.Start, $"{_context}: each entry of '{key}' must be a non-empty text");
                return null;
            }
        }

        return texts;
    }

    /// <summary>Reports every field that no one asked for; call after reading all known fields.</summary>
    public void ReportUnknownFields()
    {
        foreach (var (name, field) in _fields)
        {
            if (!_read.Contains(name))
            {
                Errors.At(field.Key.Start, $"{_context}: unknown field '{name}'");
            }
        }
    }

    private T? As<T>(string key, bool required, string expected)
        where T : YamlNode
    {
        var node = Node(key, required);
        if (node is null or T)
        {
            return (T?)node;
        }

        Errors.At(node.Start, $"{_context}: field '{key}' must be {expected}");
        return null;
    }

    [GeneratedRegex(@"^(?<amount>\d{1,6}(\.\d{1,3})?)(?<unit>ms|s|m)$")]
    private static partial Regex DurationPattern();
}
