using System.Runtime.InteropServices;

namespace Telephony.Bench.Media;

/// <summary>
/// Puts the load generator's pacing thread under SCHED_FIFO (Linux, root), so that what the benchmark measures is
/// the server's timing and not the generator's time slices on a shared 2-core machine.
/// </summary>
internal static unsafe partial class RealTime
{
    public static bool TryEnable(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetScheduler(0, 1, &priority) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int pid, int policy, int* priority);
}
