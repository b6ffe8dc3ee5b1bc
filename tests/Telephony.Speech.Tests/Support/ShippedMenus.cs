using Telephony.Ivr;
using Telephony.Speech.Intent;

namespace Telephony.Speech.Tests.Support;

/// <summary>The menus of the shipped scripts as the call layer would hand them to speech: key + phrases per option.</summary>
internal static class ShippedMenus
{
    private static readonly IvrScriptSet Scripts = IvrScriptSet.LoadDirectory(RepoPaths.IvrScripts);

    public static IEnumerable<string> ScriptNames => Scripts.Scripts.Select(s => s.Name);

    /// <summary>A menu node's options, or a callback node's accept key and phrases, optionally with synonyms per key.</summary>
    public static SpeechMenu Get(string script, string node, IReadOnlyDictionary<string, string[]>? synonyms = null)
    {
        var found = Scripts.FindByName(script)?.Nodes[node] ?? throw new ArgumentException($"no script {script}");
        IEnumerable<SpeechChoice> choices = found switch
        {
            MenuNode menu => menu.Options.Select(o => new SpeechChoice(o.Key, o.Phrases)),
            CallbackNode callback => [new SpeechChoice(callback.AcceptKey.ToString(), callback.AcceptPhrases)],
            _ => throw new ArgumentException($"{script}/{node} is a {found.GetType().Name}"),
        };
        var minConfidence = found is MenuNode m ? m.MinConfidence : (float?)null;
        return new SpeechMenu(
            choices.Select(c => synonyms is not null && synonyms.TryGetValue(c.Key, out var extra) ? c with { Synonyms = extra } : c).ToList(),
            minConfidence);
    }

    /// <summary>Every menu and callback node of every shipped script.</summary>
    public static IEnumerable<(string Script, string Node, SpeechMenu Menu)> All() =>
        Scripts.Scripts.SelectMany(script => script.Nodes.Values
            .Where(n => n is MenuNode or CallbackNode)
            .Select(n => (script.Name, n.Name, Get(script.Name, n.Name))));
}
