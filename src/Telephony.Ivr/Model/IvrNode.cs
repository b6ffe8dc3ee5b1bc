using YamlDotNet.Core;

namespace Telephony.Ivr;

/// <summary>
/// One step of an IVR script. Each kind is a sealed record deriving from this one, with its own parser
/// (<c>NodeParsers</c>) and its own runtime behaviour (<see cref="NodeRun"/>); adding a kind means adding those three.
/// Only this assembly can add kinds, so the interpreter always knows every kind it may meet.
/// </summary>
public abstract record IvrNode(string Name)
{
    /// <summary>Where the node's name is written in the script file.</summary>
    internal Mark Position { get; init; }

    /// <summary>Names of the nodes this node can lead to, in the order they are written.</summary>
    public IEnumerable<string> NextNodes => Links.Select(l => l.Target);

    /// <summary>Prompts this node may play.</summary>
    public virtual IEnumerable<IvrPrompt> Prompts => [];

    internal abstract IEnumerable<NodeLink> Links { get; }

    internal abstract NodeRun CreateRun();
}

/// <summary>A reference from one node to the next one, with where the reference is written (for errors).</summary>
internal readonly record struct NodeLink(string Target, Mark Position);
