namespace Telephony.Ivr;

/// <summary>
/// What a session remembers of the caller's answers across nodes: the digits of <c>collect</c> nodes (for routing,
/// and for the agent when the node says so) and the menu choices made, in words. Kept apart from the path, which is
/// logged and stored, so the digits cannot leak into it.
/// </summary>
internal sealed class CallMemory
{
    private readonly Dictionary<string, CollectedDigits> _collected = new(StringComparer.Ordinal);
    private readonly List<string> _choices = [];

    /// <summary>Collect nodes with a <c>for-agent</c> label, in the order the caller first gave a valid value.</summary>
    private readonly List<CollectNode> _forAgent = [];

    public IReadOnlyList<string> Choices => _choices;

    public IReadOnlyList<ForAgentItem> ForAgent =>
        _forAgent.Select(node => new ForAgentItem(node.ForAgent!, _collected[node.Name].Reveal())).ToList();

    public CollectedDigits? Collected(string collectNodeName) => _collected.GetValueOrDefault(collectNodeName);

    /// <summary>Valid digits of a collect node; a node entered again replaces its earlier value.</summary>
    public void Collect(CollectNode node, string digits)
    {
        _collected[node.Name] = new CollectedDigits(digits);
        if (node.ForAgent is not null && !_forAgent.Contains(node))
        {
            _forAgent.Add(node);
        }
    }

    public void Choose(MenuOption option) => _choices.Add(option.Label);
}
