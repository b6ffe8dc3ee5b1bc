namespace Telephony.Sip.Messages;

/// <summary>Splits a list header value at commas, ignoring commas inside quoted strings and &lt;...&gt;.</summary>
internal static class HeaderValueSplitter
{
    public static void SplitInto(string value, List<string> values)
    {
        var start = 0;
        var inQuotes = false;
        var inBrackets = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case '<':
                    inBrackets = true;
                    break;
                case '>':
                    inBrackets = false;
                    break;
                case ',' when !inBrackets:
                    values.Add(value[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        values.Add(value[start..].Trim());
    }
}
