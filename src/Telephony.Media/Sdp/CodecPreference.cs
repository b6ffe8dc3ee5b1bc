using Telephony.Media.Codecs;

namespace Telephony.Media.Sdp;

/// <summary>
/// How an answer picks its codec among those both sides support. By default the offer's order decides: RFC 3264 §6.1
/// recommends that the answerer keep the offerer's preference unless it has a reason not to, and a caller that lists
/// PCMU first usually has one (a µ-law network, no transcoding). An operator may impose an order of its own instead.
/// </summary>
public sealed class CodecPreference
{
    private CodecPreference(IReadOnlyList<AudioCodec> codecs, bool followsOffer, AudioCodec? kept)
    {
        if (codecs.Count == 0)
        {
            throw new ArgumentException("At least one codec is needed.", nameof(codecs));
        }

        Codecs = codecs.Distinct().ToArray();
        FollowsOffer = followsOffer;
        Kept = kept;
    }

    /// <summary>The codecs we accept; in our order of preference when <see cref="FollowsOffer"/> is false, and in our own offers.</summary>
    public IReadOnlyList<AudioCodec> Codecs { get; }

    /// <summary>True: the first format of the offer's m= line that we accept is chosen.</summary>
    public bool FollowsOffer { get; }

    /// <summary>A codec chosen before any other when the offer has it: the one a call already uses, see <see cref="Keeping"/>.</summary>
    public AudioCodec? Kept { get; }

    /// <summary>Accepts <paramref name="supported"/> and lets the offer's order choose among them.</summary>
    public static CodecPreference OfferOrder(IReadOnlyList<AudioCodec> supported)
    {
        ArgumentNullException.ThrowIfNull(supported);
        return new CodecPreference(supported, followsOffer: true, kept: null);
    }

    /// <summary>Accepts only <paramref name="order"/>, and prefers them in that order whatever the offer's order.</summary>
    public static CodecPreference Ordered(IReadOnlyList<AudioCodec> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new CodecPreference(order, followsOffer: false, kept: null);
    }

    /// <summary>
    /// Reads a setting: <c>offer</c> (or nothing) for the offer's order among <paramref name="supported"/>, or encoding
    /// names in our order, such as <c>PCMA,PCMU</c> (only those listed are accepted). Throws <see cref="FormatException"/>
    /// for anything else, so a typo stops the service at start instead of refusing calls.
    /// </summary>
    public static CodecPreference Parse(string? text, IReadOnlyList<AudioCodec> supported)
    {
        ArgumentNullException.ThrowIfNull(supported);
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("offer", StringComparison.OrdinalIgnoreCase))
        {
            return OfferOrder(supported);
        }

        var order = new List<AudioCodec>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var codec = Enum.GetValues<AudioCodec>()
                .Where(c => G711.EncodingNameOf(c).Equals(name, StringComparison.OrdinalIgnoreCase))
                .Select(c => (AudioCodec?)c)
                .FirstOrDefault();
            order.Add(codec ?? throw new FormatException(
                $"Codec preference '{text}': '{name}' is not a codec we support (use 'offer' or a list such as 'PCMA,PCMU')."));
        }

        return order.Count > 0 ? Ordered(order) : OfferOrder(supported);
    }

    /// <summary>
    /// This preference for a re-INVITE on a call that uses <paramref name="current"/>: the call keeps its codec while the
    /// new offer still has it (the far end may reorder its list, hold and resume must not switch codecs mid-call), and
    /// falls back to this preference when it was dropped. Null: nothing to keep yet.
    /// </summary>
    public CodecPreference Keeping(AudioCodec? current) =>
        current is { } codec && Codecs.Contains(codec) ? new CodecPreference(Codecs, FollowsOffer, codec) : this;

    public override string ToString() =>
        (Kept is { } kept ? $"keep {G711.EncodingNameOf(kept)}, then " : string.Empty) +
        (FollowsOffer ? $"offer order among {string.Join(",", Codecs.Select(G711.EncodingNameOf))}" : string.Join(",", Codecs.Select(G711.EncodingNameOf)));
}
