using Telephony.Ivr;

namespace Telephony.Calls;

/// <summary>
/// The IVR scripts in force, as the call layer sees them: the host loads, validates and reloads them; a new call
/// takes <see cref="Current"/> and keeps that version until it ends.
/// </summary>
public interface ILineScripts
{
    IvrScriptSet Current { get; }
}
