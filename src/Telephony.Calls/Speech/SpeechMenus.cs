using System.Runtime.CompilerServices;
using Telephony.Ivr;
using Telephony.Speech.Intent;

namespace Telephony.Calls.Speech;

/// <summary>
/// The speech side of IVR menus: a <see cref="SpeechMenu"/> per menu node that has spoken phrases, built once per
/// script version (scripts are immutable; a reload brings new nodes, and the old ones' entries go with them).
/// </summary>
public static class SpeechMenus
{
    private static readonly ConditionalWeakTable<MenuNode, Entry> Built = new();

    /// <summary>The menu's options as speech sees them, or null when no option has a phrase (the menu is keys only).</summary>
    public static SpeechMenu? For(MenuNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Built.GetValue(node, static n => new Entry(Build(n))).Menu;
    }

    private static SpeechMenu? Build(MenuNode node)
    {
        if (!node.Options.Any(o => o.Phrases.Count > 0))
        {
            return null;
        }

        // Options without phrases stay in: a caller may still say their key ("touche trois").
        var choices = node.Options.Select(o => new SpeechChoice(o.Key, o.Phrases)).ToList();
        return new SpeechMenu(choices, node.MinConfidence);
    }

    private sealed record Entry(SpeechMenu? Menu);
}
