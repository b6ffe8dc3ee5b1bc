namespace Telephony.Ivr;

/// <summary>Plays one prompt, then goes to <see cref="Next"/>. A call that ends after it counts as handled by the IVR.</summary>
public sealed record PlayNode(string Name, IvrPrompt Prompt, string Next, bool BargeIn) : IvrNode(Name)
{
    internal NodeLink NextLink { get; init; }

    public override IEnumerable<IvrPrompt> Prompts => [Prompt];

    internal override IEnumerable<NodeLink> Links => [NextLink];

    internal override NodeRun CreateRun() => new PlayRun(this);
}
