using YamlDotNet.Core;

namespace Telephony.Ivr;

/// <summary>A key of a menu (0-9, * or #) and the node it leads to.</summary>
public sealed record MenuOption(char Key, string Next)
{
    internal Mark KeyPosition { get; init; }

    internal NodeLink NextLink { get; init; }
}
