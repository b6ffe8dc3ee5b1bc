using System.Globalization;

namespace Telephony.Media.Sdp;

/// <summary>The value of an a=rtpmap attribute: "&lt;pt&gt; &lt;encoding&gt;/&lt;clock&gt;[/&lt;channels&gt;]".</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    public override string ToString() => Channels is null
        ? $"{PayloadType} {EncodingName}/{ClockRate}"
        : $"{PayloadType} {EncodingName}/{ClockRate}/{Channels}";

    public static bool TryParse(string? value, out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null)
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !TryParsePayloadType(value.AsSpan(0, space), out var payloadType))
        {
            return false;
        }

        var encoding = value[(space + 1)..].Trim().Split('/');
        if (encoding.Length is < 2 or > 3 || encoding[0].Length == 0 ||
            !int.TryParse(encoding[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clock) || clock <= 0)
        {
            return false;
        }

        int? channels = null;
        if (encoding.Length == 3)
        {
            if (!int.TryParse(encoding[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
            {
                return false;
            }

            channels = count;
        }

        rtpMap = new SdpRtpMap(payloadType, encoding[0], clock, channels);
        return true;
    }

    internal static bool TryParsePayloadType(ReadOnlySpan<char> text, out int payloadType) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out payloadType) && payloadType <= 127;
}
