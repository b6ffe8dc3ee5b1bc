using System.Reflection;
using System.Runtime.InteropServices;

namespace Telephony.Speech.Native;

/// <summary>
/// Finds and loads libvosk.so, and points this assembly's P/Invoke calls at it. The library is not in
/// any system path (scripts/fetch-vosk.sh puts it under native/linux-x64/), so the default .NET probing
/// would never find it.
/// </summary>
internal static class VoskLibrary
{
    /// <summary>Where scripts/fetch-vosk.sh installs the library, relative to the repository root.</summary>
    public static readonly string DefaultRelativePath = Path.Combine("native", "linux-x64", "libvosk.so");

    private static readonly Lock Gate = new();
    private static IntPtr _handle;
    private static string? _loadedPath;
    private static bool _resolverInstalled;

    /// <summary>The path of the library the P/Invoke calls use, or null before a successful load.</summary>
    public static string? LoadedPath
    {
        get
        {
            lock (Gate)
            {
                return _loadedPath;
            }
        }
    }

    /// <summary>
    /// The configured path, else the first <c>native/linux-x64/libvosk.so</c> found in the current
    /// directory, the application directory, or one of their parents (tests run from bin/ deep inside the repo).
    /// </summary>
    public static string? FindLibrary(string? configuredPath)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return Path.GetFullPath(configuredPath);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, DefaultRelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Loads the library at <paramref name="path"/> and makes it the one P/Invoke uses. Never throws.
    /// The first library loaded stays in use for the life of the process (native code cannot be unloaded
    /// safely while handles may exist); loading another path afterwards only checks that it would load.
    /// </summary>
    public static bool TryLoad(string path, out string error)
    {
        if (!File.Exists(path))
        {
            error = $"libvosk not found at {path}";
            return false;
        }

        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            error = $"libvosk at {path} could not be loaded: {ex.Message}";
            return false;
        }

        // A file that loads but is not libvosk would fail later, mid-call: check one export now.
        if (!NativeLibrary.TryGetExport(handle, "vosk_recognizer_new_grm", out _))
        {
            NativeLibrary.Free(handle);
            error = $"{path} loaded but is not libvosk (no vosk_recognizer_new_grm export)";
            return false;
        }

        lock (Gate)
        {
            if (_handle == IntPtr.Zero)
            {
                _handle = handle;
                _loadedPath = path;
            }

            if (!_resolverInstalled)
            {
                NativeLibrary.SetDllImportResolver(typeof(VoskLibrary).Assembly, Resolve);
                _resolverInstalled = true;
            }
        }

        error = "";
        return true;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != VoskNative.LibraryName)
        {
            return IntPtr.Zero; // not ours: let the runtime probe as usual
        }

        lock (Gate)
        {
            return _handle;
        }
    }
}
