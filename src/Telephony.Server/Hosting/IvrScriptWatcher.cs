
namespace Telephony.Server.Hosting;

/// <summary>
/// Reloads the IVR scripts when files change in <c>Ivr:ScriptsPath</c>, after a short quiet period so that an
/// editor's save (or a copy of many prompts) is taken as one change.
/// </summary>
public sealed class IvrScriptWatcher(IvrScriptProvider scripts, ILogger<IvrScriptWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(scripts.ScriptsPath)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.DirectoryName | NotifyFilters.Size,
        };
        FileSystemEventHandler onChange = (_, _) => changed.Release();
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (_, _) => changed.Release();
        watcher.Error += (_, e) => logger.LogWarning(e.GetException(), "IVR script watcher error; use POST /admin/ivr/reload");
        watcher.EnableRaisingEvents = true;

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await changed.WaitAsync(stoppingToken);
                // Let the burst of events settle, then reload once.
                while (await changed.WaitAsync(QuietPeriod, stoppingToken))
                {
                }

                scripts.Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Service stopping.
        }
    }
}
