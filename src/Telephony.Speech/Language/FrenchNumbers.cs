using System.Globalization;
using System.Text;

namespace Telephony.Speech.Language;

/// <summary>
/// French numbers between words and digits, both ways: "vingt et un" ↔ 21, "quatre vingt dix sept" ↔ 97. Words come in
/// normalised (lower case, no accents, hyphens split), as <see cref="FrenchText"/> produces them; Belgian and Swiss
/// septante, huitante, octante and nonante are read too. A run that breaks French number grammar ends the number, so
/// "un deux trois" (a caller reading digits) stays three numbers.
/// </summary>
public static class FrenchNumbers
{
    private static readonly Dictionary<string, int> Units = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["un"] = 1, ["une"] = 1, ["deux"] = 2, ["trois"] = 3, ["quatre"] = 4, ["cinq"] = 5, ["six"] = 6,
        ["sept"] = 7, ["huit"] = 8, ["neuf"] = 9, ["onze"] = 11, ["douze"] = 12, ["treize"] = 13, ["quatorze"] = 14,
        ["quinze"] = 15, ["seize"] = 16,
    };

    private static readonly Dictionary<string, int> Tens = new(StringComparer.Ordinal)
    {
        ["vingt"] = 20, ["vingts"] = 20, ["trente"] = 30, ["quarante"] = 40, ["cinquante"] = 50, ["soixante"] = 60,
        ["septante"] = 70, ["huitante"] = 80, ["octante"] = 80, ["nonante"] = 90,
    };

    private static readonly string[] UnitWords =
        ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"];

    private static readonly string[] TensWords = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"];

    /// <summary>True for a word that can be part of a number ("et" only inside one).</summary>
    public static bool IsNumberWord(string word) =>
        Units.ContainsKey(word) || Tens.ContainsKey(word) || word is "dix" or "cent" or "cents" or "mille";

    /// <summary>
    /// Reads the longest number starting at <paramref name="start"/>; returns how many words it used (0: none).
    /// "et" is read only between a ten and "un"/"onze" ("vingt et un", "soixante et onze").
    /// </summary>
    public static int TryRead(IReadOnlyList<string> words, int start, out int value)
    {
        value = 0;
        var total = 0;
        var belowThousand = 0;
        var used = 0;
        var last = Kind.None;
        for (var i = start; i < words.Count; i++)
        {
            var word = words[i];
            if (word == "et" && last == Kind.Ten && i + 1 < words.Count && words[i + 1] is "un" or "une" or "onze")
            {
                continue;
            }

            if (!Accept(word, ref belowThousand, ref total, ref last))
            {
                break;
            }

            used = i - start + 1;
            value = total + belowThousand;
        }

        return used;
    }

    /// <summary>0 to 999,999 in words, traditional spelling with hyphens ("quatre-vingt-dix-sept", "vingt et un").</summary>
    public static string ToWords(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 999_999);
        if (number == 0)
        {
            return UnitWords[0];
        }

        var builder = new StringBuilder();
        var thousands = number / 1000;
        if (thousands > 0)
        {
            builder.Append(thousands == 1 ? "mille" : BelowThousand(thousands, final: false) + " mille");
        }

        var rest = number % 1000;
        if (rest > 0)
        {
            builder.Append(builder.Length > 0 ? " " : "").Append(BelowThousand(rest, final: true));
        }

        return builder.ToString();
    }

    /// <summary>Replaces every run of digits in <paramref name="text"/> by its words ("option 3" → "option trois").</summary>
    public static string SpellDigits(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                builder.Append(text[i++]);
                continue;
            }

            var end = i;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var digits = text[i..end];
            builder.Append(digits.Length <= 6 ? ToWords(int.Parse(digits, CultureInfo.InvariantCulture)) : string.Join(' ', digits.Select(d => UnitWords[d - '0'])));
            i = end;
        }

        return builder.ToString();
    }

    private enum Kind
    {
        None,
        Unit,
        Dix,
        Ten,
        Hundred,
        Thousand,
    }

    /// <summary>One step of the number grammar; false when <paramref name="word"/> cannot continue the number so far.</summary>
    private static bool Accept(string word, ref int belowThousand, ref int total, ref Kind last)
    {
        var tens = belowThousand % 100;
        if (Units.TryGetValue(word, out var unit))
        {
            var fitsAfterTen = last == Kind.Ten && (unit is >= 1 and <= 9 || (unit >= 11 && tens is 60 or 80));
            var fitsAfterDix = last == Kind.Dix && unit is 7 or 8 or 9;
            if (unit == 0 ? last != Kind.None : !(last is Kind.None or Kind.Hundred or Kind.Thousand || fitsAfterTen || fitsAfterDix))
            {
                return false;
            }

            belowThousand += unit;
            last = Kind.Unit;
            return true;
        }

        switch (word)
        {
            case "dix" when last is Kind.None or Kind.Hundred or Kind.Thousand || (last == Kind.Ten && tens is 60 or 80):
                belowThousand += 10;
                last = Kind.Dix;
                return true;
            case "vingt" or "vingts" when last == Kind.Unit && tens == 4:
                // quatre-vingt(s): four twenties.
                belowThousand += 76;
                last = Kind.Ten;
                return true;
            case "cent" or "cents" when (last is Kind.None or Kind.Thousand || (last == Kind.Unit && belowThousand is >= 2 and <= 9)):
                belowThousand = (belowThousand == 0 ? 1 : belowThousand) * 100;
                last = Kind.Hundred;
                return true;
            case "mille" when last != Kind.Thousand && total == 0:
                total = (belowThousand == 0 ? 1 : belowThousand) * 1000;
                belowThousand = 0;
                last = Kind.Thousand;
                return true;
        }

        if (Tens.TryGetValue(word, out var ten) && last is Kind.None or Kind.Hundred or Kind.Thousand)
        {
            belowThousand += ten;
            last = Kind.Ten;
            return true;
        }

        return false;
    }

    private static string BelowThousand(int number, bool final)
    {
        var hundreds = number / 100;
        var rest = number % 100;
        var parts = new List<string>();
        if (hundreds > 0)
        {
            // "deux cents" takes an s only when nothing follows it (and not before "mille").
            parts.Add(hundreds == 1 ? "cent" : UnitWords[hundreds] + (rest == 0 && final ? " cents" : " cent"));
        }

        if (rest > 0)
        {
            parts.Add(BelowHundred(rest, final));
        }

        return string.Join(' ', parts);
    }

    private static string BelowHundred(int number, bool final)
    {
        if (number <= 16)
        {
            return UnitWords[number];
        }

        if (number < 20)
        {
            return "dix-" + UnitWords[number - 10];
        }

        var ten = number / 10;
        var unit = number % 10;
        if (ten is 7 or 9)
        {
            // soixante-dix, quatre-vingt-dix: the ten below plus 10..19.
            var baseWord = ten == 7 ? "soixante" : "quatre-vingt";
            return baseWord + (ten == 7 && unit == 1 ? " et " : "-") + BelowHundred(10 + unit, final);
        }

        if (ten == 8)
        {
            return unit == 0 ? (final ? "quatre-vingts" : "quatre-vingt") : "quatre-vingt-" + UnitWords[unit];
        }

        return unit switch
        {
            0 => TensWords[ten],
            1 => TensWords[ten] + " et un",
            _ => TensWords[ten] + "-" + UnitWords[unit],
        };
    }
}
