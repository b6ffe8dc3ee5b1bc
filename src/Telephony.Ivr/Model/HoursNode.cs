namespace Telephony.Ivr;

/// <summary>
/// Branches on the line's opening hours (the script's <c>opening-hours</c>) at the moment the call reaches it, after
/// operator overrides: forced open or <c>Ivr:ForceOpen</c> → <see cref="Open"/>; forced closed →
/// <see cref="OnForcedClosed"/> (or <see cref="Closed"/>), which should play the generic "exceptionally closed" prompt.
/// </summary>
public sealed record HoursNode(string Name, string Open, string Closed, string? OnForcedClosed) : IvrNode(Name)
{
    internal NodeLink OpenLink { get; init; }

    internal NodeLink ClosedLink { get; init; }

    internal NodeLink? ForcedClosedLink { get; init; }

    internal override IEnumerable<NodeLink> Links => new NodeLink?[] { OpenLink, ClosedLink, ForcedClosedLink }.OfType<NodeLink>();

    internal override NodeRun CreateRun() => new HoursRun(this);
}
