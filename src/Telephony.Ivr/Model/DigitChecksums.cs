namespace Telephony.Ivr;

/// <summary>Checksum rules of the identifiers a caller may type.</summary>
public static class DigitChecksums
{
    public static bool IsValid(DigitChecksum rule, ReadOnlySpan<char> digits) => rule switch
    {
        DigitChecksum.None => true,
        DigitChecksum.DgfipSpi => IsValidSpi(digits),
        DigitChecksum.Luhn => IsValidLuhn(digits),
        _ => false,
    };

    /// <summary>
    /// The DGFiP numéro fiscal (SPI, "numéro fiscal de référence"): 13 digits; the first is 0, 1, 2 or 3; the last
    /// three are the key, the number formed by the first ten digits modulo 511. This is the rule published for the
    /// French TIN (EU TIN service, and the python-stdnum and other validators); the DGFiP does not publish more.
    /// </summary>
    public static bool IsValidSpi(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 13 || !AllDigits(digits) || digits[0] > '3')
        {
            return false;
        }

        var body = long.Parse(digits[..10], provider: System.Globalization.CultureInfo.InvariantCulture);
        var key = int.Parse(digits[10..], provider: System.Globalization.CultureInfo.InvariantCulture);
        return body % 511 == key;
    }

    public static bool IsValidLuhn(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2 || !AllDigits(digits))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    private static bool AllDigits(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
