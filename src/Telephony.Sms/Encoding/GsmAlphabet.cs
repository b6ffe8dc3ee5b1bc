namespace Telephony.Sms;

/// <summary>
/// The GSM 03.38 default alphabet (3GPP TS 23.038): what an SMS can carry in 7-bit coding, 160 characters a segment.
/// French needs more than it has (no ê, â, ô, î, û, ç, ë, ï, œ): a text with one of those goes as UCS-2.
/// </summary>
public static class GsmAlphabet
{
    // The 127 printable entries of the basic table (the 128th, 0x1B, is the escape to the extension table).
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
        + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // The extension table: each costs two septets (the escape, then its code).
    private const string Extension = "\f^{}\\[~]|€";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    /// <summary>Septets <paramref name="c"/> takes in 7-bit coding: 1, 2 (extension table), or 0 when it cannot be sent so.</summary>
    public static int Septets(char c) => BasicSet.Contains(c) ? 1 : ExtensionSet.Contains(c) ? 2 : 0;

    public static bool CanEncode(string text) => text.All(c => Septets(c) > 0);
}
