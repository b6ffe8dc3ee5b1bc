using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Telephony.Calls;
using Telephony.Calls.Configuration;
using Telephony.Ivr;

namespace Telephony.Server.Hosting;

/// <summary>
/// Holds the validated script set. The first load happens at start-up, and an invalid set stops the service
/// rather than answering citizens with a broken menu. Later reloads swap the set atomically; one that fails keeps
/// the last good set and says why. Calls in progress keep the script object they started with.
/// </summary>
public sealed class IvrScriptProvider(IOptions<IvrSettings> settings, ServiceHealth health, TimeProvider time, ILogger<IvrScriptProvider> logger) : ILineScripts
{
    private readonly Lock _reloadGate = new();
    private volatile LoadedScripts? _current;

    public IvrScriptSet Current => (_current ?? throw new InvalidOperationException("IVR scripts are not loaded yet.")).Set;

    /// <summary>A short content hash of the loaded files, to tell versions apart in /health and logs.</summary>
    public string Version => _current?.Version ?? "none";

    public string ScriptsPath { get; } = Path.GetFullPath(settings.Value.ScriptsPath);

    public event Action<IvrScriptSet>? Reloaded;

    /// <summary>Loads at start-up; throws <see cref="IvrValidationException"/> listing every problem.</summary>
    public IvrScriptSet Load()
    {
        if (!Directory.Exists(ScriptsPath))
        {
            throw new InvalidOperationException($"Ivr:ScriptsPath '{ScriptsPath}' does not exist.");
        }

        lock (_reloadGate)
        {
            _current = new LoadedScripts(IvrScriptSet.LoadDirectory(ScriptsPath), ComputeVersion());
            Publish();
            return _current.Set;
        }
    }

    /// <summary>Reloads from disk; on failure the running set stays and the errors are returned.</summary>
    public IvrReloadResult Reload()
    {
        lock (_reloadGate)
        {
            try
            {
                var version = ComputeVersion();
                if (version == _current?.Version)
                {
                    return new IvrReloadResult(true, version, []);
                }

                _current = new LoadedScripts(IvrScriptSet.LoadDirectory(ScriptsPath), version);
                health.Set("ivr_reload", $"loaded version {version} at {time.GetUtcNow():O}");
                logger.LogInformation("IVR scripts reloaded: version {Version}", version);
                Publish();
                Reloaded?.Invoke(_current.Set);
                return new IvrReloadResult(true, version, []);
            }
            catch (IvrValidationException invalid)
            {
                var errors = invalid.Errors.Select(e => e.ToString()).ToList();
                health.Set("ivr_reload", $"rejected at {time.GetUtcNow():O}, still running version {Version}: {string.Join("; ", errors)}");
                logger.LogError("IVR reload rejected, keeping version {Version}:\n{Errors}", Version, string.Join('\n', errors));
                return new IvrReloadResult(false, Version, errors);
            }
            catch (IOException io)
            {
                health.Set("ivr_reload", $"failed at {time.GetUtcNow():O}, still running version {Version}: {io.Message}");
                logger.LogError(io, "IVR reload failed, keeping version {Version}", Version);
                return new IvrReloadResult(false, Version, [io.Message]);
            }
        }
    }

    private void Publish()
    {
        var set = _current!.Set;
        health.Set("ivr", $"version {_current.Version}: " +
            string.Join(", ", set.Scripts.Select(s => $"{s.Network} {string.Join('/', s.Numbers)}")));
    }

    private string ComputeVersion()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(ScriptsPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(ScriptsPath, file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private sealed record LoadedScripts(IvrScriptSet Set, string Version);
}

/// <param name="Succeeded">True when the set on disk is now the running set.</param>
/// <param name="Version">The running version after the attempt.</param>
/// <param name="Errors">Each as <c>file:line:column: message</c>.</param>
public sealed record IvrReloadResult(bool Succeeded, string Version, IReadOnlyList<string> Errors);
