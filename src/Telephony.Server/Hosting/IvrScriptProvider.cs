using Microsoft.Extensions.Options;
using Telephony.Ivr;
using Telephony.Server.Configuration;

namespace Telephony.Server.Hosting;

/// <summary>
/// Holds the validated script set. Loaded when the service starts: an invalid set stops the start-up with every
/// problem listed, rather than answering citizens with a broken menu.
/// </summary>
public sealed class IvrScriptProvider(IOptions<IvrSettings> settings)
{
    private IvrScriptSet? _current;

    public IvrScriptSet Current => _current ?? throw new InvalidOperationException("IVR scripts are not loaded yet.");

    public string ScriptsPath { get; } = Path.GetFullPath(settings.Value.ScriptsPath);

    public IvrScriptSet Load()
    {
        if (!Directory.Exists(ScriptsPath))
        {
            throw new InvalidOperationException($"Ivr:ScriptsPath '{ScriptsPath}' does not exist.");
        }

        _current = IvrScriptSet.LoadDirectory(ScriptsPath);
        return _current;
    }
}
