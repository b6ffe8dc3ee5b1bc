namespace Telephony.Ivr;

/// <summary>Hands the call to an agent queue. The IVR's part ends there; the queue decides the call's final outcome.</summary>
public sealed record QueueNode(string Name, string QueueId, int Priority) : IvrNode(Name)
{
    /// <summary>How long a caller may wait; then the call goes to <see cref="OnMaxWait"/>. Null: no limit (the IVR's part ends on joining).</summary>
    public TimeSpan? MaxWait { get; init; }

    public string? OnMaxWait { get; init; }

    /// <summary>Where a call goes when the queue refuses it; null: to <see cref="OnMaxWait"/>.</summary>
    public string? OnFull { get; init; }

    public bool AnnouncePosition { get; init; }

    public bool AnnounceWait { get; init; }

    public TimeSpan AnnouncementInterval { get; init; } = TimeSpan.FromSeconds(60);

    internal NodeLink? OnMaxWaitLink { get; init; }

    internal NodeLink? OnFullLink { get; init; }

    internal override IEnumerable<NodeLink> Links => new[] { OnMaxWaitLink, OnFullLink }.OfType<NodeLink>();

    internal override NodeRun CreateRun() => new QueueRun(this);
}
